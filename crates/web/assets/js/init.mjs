// Starts nhsuk-frontend's JavaScript. nhsuk's page template does the first two
// lines in an inline <script>; our Content-Security-Policy forbids inline
// scripts, so this file (loaded with type="module", which only browsers that
// nhsuk-frontend supports will run) marks the body and initialises the components.
import { initAll } from "./nhsuk-frontend.min.js";

document.body.classList.add("js-enabled", "nhsuk-frontend-supported");
initAll();
