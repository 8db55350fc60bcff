// Build the front-end assets from the npm packages into static/build/ (run by `make setup`).
import { copyFileSync, cpSync, mkdirSync, writeFileSync } from "node:fs";
import * as sass from "sass";

const out = "static/build";
mkdirSync(out, { recursive: true });

const css = sass.compile("static/scss/app.scss", {
  loadPaths: ["node_modules"],
  style: "compressed",
  quietDeps: true,
});
writeFileSync(`${out}/app.css`, css.css);

const copies = {
  "node_modules/govuk-frontend/dist/govuk/govuk-frontend.min.js": "govuk-frontend.min.js",
  "node_modules/htmx.org/dist/htmx.min.js": "htmx.min.js",
};
for (const [from, to] of Object.entries(copies)) copyFileSync(from, `${out}/${to}`);
// GOV.UK Frontend's stylesheet refers to its images; no page of ours shows the crown or crest.
cpSync("node_modules/govuk-frontend/dist/govuk/assets/images", `${out}/images`, { recursive: true });
console.log(`Built ${out}/: app.css, ${Object.values(copies).join(", ")}`);
