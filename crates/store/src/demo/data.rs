//! The fixed lists the demo generators draw from: trusts with their sites and services, place
//! names of each borough (real places; the practices named after them are invented), and names.

use joinedup_core::people::Borough;

/// A trust, its sites, the services both scales seed and the extra services the `sel` scale adds.
pub(super) struct TrustSpec {
    pub ods: &'static str,
    pub name: &'static str,
    pub sites: &'static [(&'static str, &'static str)],
    pub services: &'static [(&'static str, &'static str)],
    pub sel_services: &'static [(&'static str, &'static str)],
}

pub(super) const TRUSTS: &[TrustSpec] = &[
    TrustSpec {
        ods: "RJ1",
        name: "Guy's and St Thomas' NHS Foundation Trust",
        sites: &[
            ("RJ101", "St Thomas' Hospital"),
            ("RJ102", "Guy's Hospital"),
            ("RJ103", "Evelina London Children's Hospital"),
        ],
        services: &[
            ("Rheumatology", "rheumatology"),
            ("Dermatology", "dermatology"),
            ("Cardiology", "cardiology"),
            ("Paediatric allergy", "paediatrics"),
        ],
        sel_services: &[
            ("Haematology", "haematology"),
            ("Renal medicine", "nephrology"),
            ("Urology", "urology"),
            ("Ophthalmology", "ophthalmology"),
        ],
    },
    TrustSpec {
        ods: "RJZ",
        name: "King's College Hospital NHS Foundation Trust",
        sites: &[
            ("RJZ01", "King's College Hospital"),
            ("RJZ02", "Princess Royal University Hospital"),
        ],
        services: &[
            ("Rheumatology", "rheumatology"),
            ("Gastroenterology", "gastroenterology"),
            ("Diabetes and endocrinology", "endocrinology"),
            ("Neurology", "neurology"),
        ],
        sel_services: &[
            ("Haematology", "haematology"),
            ("Liver medicine", "hepatology"),
            ("Respiratory medicine", "respiratory"),
            ("Dermatology", "dermatology"),
        ],
    },
    TrustSpec {
        ods: "RJ2",
        name: "Lewisham and Greenwich NHS Trust",
        sites: &[
            ("RJ201", "University Hospital Lewisham"),
            ("RJ202", "Queen Elizabeth Hospital"),
        ],
        services: &[
            ("Cardiology", "cardiology"),
            ("Respiratory medicine", "respiratory"),
            ("Gastroenterology", "gastroenterology"),
            ("Dermatology", "dermatology"),
        ],
        sel_services: &[
            ("Rheumatology", "rheumatology"),
            ("Diabetes and endocrinology", "endocrinology"),
            ("Urology", "urology"),
            ("General paediatrics", "paediatrics"),
        ],
    },
    TrustSpec {
        ods: "RV5",
        name: "South London and Maudsley NHS Foundation Trust",
        sites: &[
            ("RV501", "Maudsley Hospital"),
            ("RV502", "Bethlem Royal Hospital"),
        ],
        services: &[
            ("Adult ADHD service", "psychiatry"),
            ("Memory service", "old_age_psychiatry"),
            ("Perinatal mental health", "psychiatry"),
        ],
        sel_services: &[
            ("Early intervention in psychosis", "psychiatry"),
            ("Eating disorders service", "psychiatry"),
        ],
    },
    TrustSpec {
        ods: "RPG",
        name: "Oxleas NHS Foundation Trust",
        sites: &[("RPG01", "Queen Mary's Hospital, Sidcup")],
        services: &[
            ("Adult ADHD service", "psychiatry"),
            ("Community paediatrics", "paediatrics"),
            ("Memory service", "old_age_psychiatry"),
        ],
        sel_services: &[
            ("Adult community mental health", "psychiatry"),
            ("Learning disability service", "psychiatry"),
        ],
    },
];

/// Real places in each borough. The small scale uses the first five; the `sel` scale all of them.
pub(super) fn places(b: Borough) -> &'static [&'static str] {
    match b {
        Borough::Bexley => &[
            "Bexleyheath",
            "Sidcup",
            "Welling",
            "Erith",
            "Crayford",
            "Belvedere",
            "Blackfen",
            "Barnehurst",
            "Northumberland Heath",
            "Slade Green",
            "Falconwood",
            "Albany Park",
            "Lamorbey",
            "Old Bexley",
            "Foots Cray",
            "Upton",
        ],
        Borough::Bromley => &[
            "Beckenham",
            "Orpington",
            "Penge",
            "Chislehurst",
            "Hayes",
            "Bromley Common",
            "Shortlands",
            "West Wickham",
            "Petts Wood",
            "St Mary Cray",
            "St Paul's Cray",
            "Biggin Hill",
            "Anerley",
            "Mottingham",
            "Plaistow",
            "Keston",
            "Farnborough",
            "Elmers End",
        ],
        Borough::Greenwich => &[
            "Woolwich",
            "Eltham",
            "Charlton",
            "Thamesmead",
            "Plumstead",
            "Abbey Wood",
            "Blackheath",
            "Kidbrooke",
            "Shooters Hill",
            "New Eltham",
            "Westcombe Park",
            "East Greenwich",
            "Well Hall",
            "Avery Hill",
            "Middle Park",
            "Greenwich Peninsula",
        ],
        Borough::Lambeth => &[
            "Brixton",
            "Streatham",
            "Clapham",
            "Stockwell",
            "Norwood",
            "Kennington",
            "Vauxhall",
            "Waterloo",
            "Herne Hill",
            "Tulse Hill",
            "Oval",
            "Gipsy Hill",
            "Streatham Hill",
            "West Norwood",
            "Larkhall",
            "Loughborough Junction",
            "Brixton Hill",
            "Streatham Common",
        ],
        Borough::Lewisham => &[
            "Catford",
            "Deptford",
            "Sydenham",
            "Brockley",
            "Lee",
            "Forest Hill",
            "Hither Green",
            "Ladywell",
            "New Cross",
            "Bellingham",
            "Downham",
            "Grove Park",
            "Honor Oak",
            "Crofton Park",
            "Telegraph Hill",
            "Lewisham Central",
        ],
        Borough::Southwark => &[
            "Camberwell",
            "Peckham",
            "Dulwich",
            "Bermondsey",
            "Walworth",
            "Rotherhithe",
            "Borough",
            "Nunhead",
            "Elephant and Castle",
            "Peckham Rye",
            "East Dulwich",
            "Surrey Quays",
            "Canada Water",
            "Bankside",
            "Old Kent Road",
            "Denmark Hill",
        ],
    }
}

/// How a practice name ends; the small scale uses the first five.
pub(super) const PRACTICE_SUFFIXES: &[&str] = &[
    "Medical Centre",
    "Surgery",
    "Group Practice",
    "Health Centre",
    "Family Practice",
    "Medical Practice",
    "Road Surgery",
    "Primary Care Centre",
];

pub(super) const GIVEN: &[&str] = &[
    "Oliver", "Amelia", "Mohammed", "Olivia", "Noah", "Isla", "Kwame", "Ava", "Arjun", "Mia",
    "Tomasz", "Chloe", "Daniel", "Grace", "Ibrahim", "Sofia", "Joseph", "Fatima", "Samuel",
    "Aisha", "Chidi", "Emily", "Luca", "Zara", "Ethan", "Priya", "Hassan", "Ruby", "Mateo",
    "Layla", "Kofi", "Hannah", "Adam", "Nia", "Yusuf", "Evie", "Jacob", "Amira", "Dylan", "Maryam",
    "Leon", "Sienna", "Oscar", "Chiamaka", "Harry", "Ella", "Ali", "Freya", "Reuben", "Nadia",
    "George", "Imani", "Rory", "Ewa", "Kemi", "Zoë", "Siobhán",
];

pub(super) const FAMILY: &[&str] = &[
    "Smith",
    "Jones",
    "Okafor",
    "Williams",
    "Brown",
    "Adeyemi",
    "Taylor",
    "Khan",
    "Davies",
    "Mensah",
    "Evans",
    "Patel",
    "Thomas",
    "Begum",
    "Johnson",
    "Nowak",
    "Roberts",
    "Ali",
    "Walker",
    "Osei",
    "Wright",
    "Ahmed",
    "Robinson",
    "Hussain",
    "Thompson",
    "Campbell",
    "White",
    "Kowalski",
    "Hughes",
    "Boateng",
    "Edwards",
    "Singh",
    "Green",
    "Silva",
    "Hall",
    "Mahmood",
    "Wood",
    "Afolabi",
    "Harris",
    "Nguyen",
    "Lewis",
    "O'Brien",
    "Martin",
    "Rahman",
    "Jackson",
    "Santos",
    "Clarke",
    "Asante",
    "Clark",
    "Murphy",
    "Turner",
    "Owusu",
    "Hill",
    "Ferreira",
    "Scott",
    "Chowdhury",
    "Cooper",
    "Adebayo",
    "Morris",
    "Ward",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_borough_has_enough_places_and_the_small_scale_keeps_its_first_five() {
        for b in Borough::ALL {
            assert!(places(b).len() >= 16, "{b:?}");
            let unique: std::collections::HashSet<_> = places(b).iter().collect();
            assert_eq!(unique.len(), places(b).len(), "{b:?}");
        }
        assert_eq!(
            places(Borough::Southwark)[..5],
            ["Camberwell", "Peckham", "Dulwich", "Bermondsey", "Walworth"]
        );
    }
}
