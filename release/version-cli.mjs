// `scripts/version`: prints, checks or sets the product version (see release/version.mjs).
import { COPIES, disagreements, productVersion, setVersion } from './version.mjs';

const USAGE = `usage: scripts/version              print the product version
       scripts/version --check      fail when a copy of it disagrees with Cargo.toml
       scripts/version X.Y.Z        set it in Cargo.toml and every copy (the changelog's section is yours to write)`;

/** Prints what disagrees (or that all agrees); the exit status. */
function report(problems) {
  for (const problem of problems) console.error(`version: ${problem}`);
  if (!problems.length) console.log(`version ${productVersion()}: every copy agrees (${['Cargo.toml', ...COPIES.map((c) => c.file)].join(', ')})`);
  return problems.length ? 1 : 0;
}

function main([argument, ...rest]) {
  if (rest.length || argument === '--help' || argument === '-h') {
    console.log(USAGE);
    return rest.length ? 2 : 0;
  }
  if (argument === undefined) {
    console.log(productVersion());
    return 0;
  }
  if (argument === '--check') return report(disagreements());
  try {
    const problems = setVersion(argument);
    console.log(`version: Cargo.toml and its copies now say ${argument}`);
    return report(problems);
  } catch (error) {
    console.error(`version: ${error.message}`);
    return 2;
  }
}

process.exit(main(process.argv.slice(2)));
