// Prints the changelog's section for a version (the release notes); fails when there is none.
//   node release/notes.mjs X.Y.Z
import { changelogSection } from './version.mjs';

const version = process.argv[2];
const section = version && changelogSection(version);
if (!section) {
  console.error(`CHANGELOG.md has no section "## [${version}] - YYYY-MM-DD"`);
  process.exit(1);
}
process.stdout.write(section);
