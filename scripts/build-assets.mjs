// Copies the NL Design System CSS that Samenspel uses from node_modules into the
// Django static folder. No bundler needed: the CSS is ready to use as published.
import { copyFileSync, mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const out = join(root, "src/samenspel/core/static/vendor/utrecht");
mkdirSync(out, { recursive: true });

const files = {
  "@utrecht/component-library-css/dist/index.css": "component-library.css",
  "@utrecht/design-tokens/dist/index.css": "design-tokens.css",
};
for (const [from, to] of Object.entries(files)) {
  copyFileSync(join(root, "node_modules", from), join(out, to));
  console.log(`static/vendor/utrecht/${to}`);
}
