// Builds joinedup's front-end assets from npm packages into one directory,
// which crates/web/build.rs then embeds in the binary.
//
//   node assets/build.mjs <out-dir>
//
// <out-dir>/css/app.css   assets/app.scss compiled (compressed, no source map)
// <out-dir>/js/           nhsuk-frontend's ES module bundle and our init.mjs
// <out-dir>/images/       nhsuk-frontend's favicons, touch icons and CSS icons
// <out-dir>/manifest.json nhsuk-frontend's web app manifest
//
// Fails if the stylesheet refers to anything outside this site: the
// Content-Security-Policy is `default-src 'self'`.

import { copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import * as sass from "sass";

const here = dirname(fileURLToPath(import.meta.url));
const crateDir = resolve(here, "..");

const outArg = process.argv[2];
if (!outArg) {
  console.error("usage: node assets/build.mjs <out-dir>");
  process.exit(2);
}
const out = resolve(outArg);

const require = createRequire(join(crateDir, "package.json"));
const nhsukDir = join(dirname(require.resolve("nhsuk-frontend/package.json")), "dist", "nhsuk");

rmSync(out, { recursive: true, force: true });
for (const sub of ["css", "js", "images"]) {
  mkdirSync(join(out, sub), { recursive: true });
}

// Stylesheet.
const { css } = sass.compile(join(here, "app.scss"), {
  style: "compressed",
  sourceMap: false,
  importers: [new sass.NodePackageImporter(crateDir)],
  quietDeps: true,
});
const external = css.match(/url\(\s*["']?\s*(?:[a-z][a-z0-9+.-]*:)?\/\/[^)]*\)/gi);
if (external) {
  console.error(`app.css refers to other hosts, which the CSP forbids: ${external.join(", ")}`);
  process.exit(1);
}
if (/@import\s+["']?(?:https?:)?\/\//i.test(css) || /@font-face/i.test(css)) {
  console.error("app.css imports from another host or declares a web font; fonts must stay local");
  process.exit(1);
}
writeFileSync(join(out, "css", "app.css"), css);

// JavaScript: nhsuk-frontend's ES module bundle, without its source-map comment
// (we do not ship the map), and our init module that imports it.
const bundle = readFileSync(join(nhsukDir, "nhsuk-frontend.min.js"), "utf8").replace(
  /\n?\/\/# sourceMappingURL=\S+\s*$/,
  "\n",
);
writeFileSync(join(out, "js", "nhsuk-frontend.min.js"), bundle);
copyFileSync(join(here, "js", "init.mjs"), join(out, "js", "init.mjs"));

// Icons: favicons, touch icons and the SVGs the stylesheet refers to.
const images = join(nhsukDir, "assets", "images");
for (const name of readdirSync(images)) {
  copyFileSync(join(images, name), join(out, "images", name));
}
copyFileSync(join(nhsukDir, "assets", "manifest.json"), join(out, "manifest.json"));

console.log(`joinedup assets built in ${out}`);
