//! Static assets (nhsuk-frontend CSS, JS, icons) built from npm and embedded in the binary.
//!
//! `build.rs` runs `assets/build.mjs` and writes the table included below, so
//! the binary serves its own styles and scripts: no CDN, as the
//! Content-Security-Policy (`default-src 'self'`) requires.

use axum::Router;
use axum::extract::Path;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use http::{StatusCode, header};

include!(concat!(env!("OUT_DIR"), "/assets.rs"));

/// The URL of the compiled stylesheet, for the layout's `<link rel="stylesheet">`.
pub const STYLESHEET: &str = "/assets/css/app.css";
/// The URL of the module script that starts nhsuk-frontend's JavaScript.
pub const SCRIPT: &str = "/assets/js/init.mjs";

/// How long browsers and proxies may reuse an asset without asking again.
const CACHE_CONTROL: &str = "public, max-age=3600";

/// One embedded asset.
#[derive(Debug, Clone, Copy)]
pub struct Asset {
    /// Path under `/assets/`, such as `css/app.css`.
    pub path: &'static str,
    /// The Content-Type it is served with.
    pub content_type: &'static str,
    /// Its bytes.
    pub bytes: &'static [u8],
}

/// The embedded asset at `path` (relative to `/assets/`), if there is one.
pub fn asset(path: &str) -> Option<Asset> {
    ASSETS
        .iter()
        .find(|(p, _, _)| *p == path)
        .map(|&(path, content_type, bytes)| Asset {
            path,
            content_type,
            bytes,
        })
}

/// The paths (relative to `/assets/`) of every embedded asset, sorted.
pub fn asset_names() -> impl Iterator<Item = &'static str> {
    ASSETS.iter().map(|(path, _, _)| *path)
}

/// Routes `GET /assets/{*path}` to the embedded assets; unknown paths are 404.
pub fn router<S: Clone + Send + Sync + 'static>() -> Router<S> {
    Router::new().route("/assets/{*path}", get(serve))
}

async fn serve(Path(path): Path<String>) -> Response {
    match asset(&path) {
        Some(found) => (
            [
                (header::CONTENT_TYPE, found.content_type),
                (header::CACHE_CONTROL, CACHE_CONTROL),
            ],
            found.bytes,
        )
            .into_response(),
        None => StatusCode::NOT_FOUND.into_response(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::body::Body;
    use http::Request;
    use tower::Service;

    fn text(path: &str) -> &'static str {
        let found = asset(path).unwrap_or_else(|| panic!("{path} is embedded"));
        std::str::from_utf8(found.bytes).expect("text asset is UTF-8")
    }

    /// Every `url(...)` target in a stylesheet, without quotes.
    fn css_urls(css: &str) -> Vec<String> {
        css.split("url(")
            .skip(1)
            .map(|rest| {
                let end = rest.find(')').expect("url( is closed");
                rest[..end].trim().trim_matches(['"', '\'']).to_owned()
            })
            .collect()
    }

    #[test]
    fn the_nhsuk_stylesheet_is_embedded() {
        let css = text("css/app.css");
        assert!(
            css.contains("--nhsuk-frontend-version"),
            "nhsuk-frontend compiled"
        );
        assert!(css.contains(".nhsuk-header"));
        assert!(css.contains("html{font-family:arial,sans-serif}"));
        assert_eq!(
            asset("css/app.css").unwrap().content_type,
            "text/css; charset=utf-8"
        );
    }

    #[test]
    fn the_stylesheet_loads_nothing_from_another_host() {
        let css = text("css/app.css");
        assert!(
            !css.contains("@font-face"),
            "no web font: fonts.nhs.uk is off-site"
        );
        for url in css_urls(css) {
            let lower = url.to_ascii_lowercase();
            assert!(
                !lower.starts_with("http:")
                    && !lower.starts_with("https:")
                    && !lower.starts_with("//"),
                "external url({url}) in app.css"
            );
            if let Some(path) = url.strip_prefix("/assets/") {
                assert!(
                    asset(path).is_some(),
                    "app.css refers to missing asset {url}"
                );
            }
        }
    }

    #[test]
    fn the_nhsuk_module_script_and_its_starter_are_embedded() {
        let bundle = text("js/nhsuk-frontend.min.js");
        assert!(bundle.contains("initAll"), "nhsuk-frontend ES module");
        assert!(
            !bundle.contains("sourceMappingURL"),
            "no reference to an unshipped map"
        );
        let init = text("js/init.mjs");
        assert!(init.contains("./nhsuk-frontend.min.js"));
        assert!(init.contains("nhsuk-frontend-supported"));
        assert_eq!(
            asset("js/init.mjs").unwrap().content_type,
            "text/javascript; charset=utf-8"
        );
        assert_eq!(SCRIPT, "/assets/js/init.mjs");
        assert_eq!(STYLESHEET, "/assets/css/app.css");
    }

    #[test]
    fn the_icons_the_layout_links_to_are_embedded() {
        for path in [
            "images/favicon.ico",
            "images/favicon.svg",
            "images/nhsuk-icon-mask.svg",
            "images/nhsuk-icon-180.png",
            "manifest.json",
        ] {
            assert!(asset_names().any(|name| name == path), "{path} is embedded");
        }
        assert_eq!(
            asset("images/favicon.svg").unwrap().content_type,
            "image/svg+xml"
        );
    }

    async fn get_path(uri: &str) -> Response {
        let mut app: Router = router();
        let request = Request::get(uri).body(Body::empty()).unwrap();
        app.call(request).await.unwrap()
    }

    #[tokio::test]
    async fn an_asset_is_served_with_its_type_and_cache_policy() {
        let response = get_path("/assets/css/app.css").await;
        assert_eq!(response.status(), StatusCode::OK);
        assert_eq!(
            response.headers()[header::CONTENT_TYPE],
            "text/css; charset=utf-8"
        );
        assert_eq!(
            response.headers()[header::CACHE_CONTROL],
            "public, max-age=3600"
        );
        let body = axum::body::to_bytes(response.into_body(), usize::MAX)
            .await
            .unwrap();
        assert_eq!(&body[..], asset("css/app.css").unwrap().bytes);
    }

    #[tokio::test]
    async fn an_unknown_asset_is_not_found() {
        for uri in [
            "/assets/css/missing.css",
            "/assets/../Cargo.toml",
            "/assets/js",
        ] {
            assert_eq!(get_path(uri).await.status(), StatusCode::NOT_FOUND, "{uri}");
        }
    }
}
