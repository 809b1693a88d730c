// Counts query-builder calls in one module that name a table another module owns (the boundary
// rule's "cross-module table queries"), outside test files. Ownership is read from each module's
// table interface; a call counts once per table it names outside its own module. Usage: node scripts/count-cross-module-queries.mjs [--list]
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..', 'src', 'modules');
const list = process.argv.includes('--list');

function filesUnder(dir) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return filesUnder(full);
    return /\.tsx?$/.test(entry.name) ? [full] : [];
  });
}

// A table belongs to the module whose source declares `name: SomethingTable;` inside a table interface.
const owner = new Map();
for (const module of fs.readdirSync(root)) {
  for (const file of filesUnder(path.join(root, module))) {
    const text = fs.readFileSync(file, 'utf8');
    for (const block of text.matchAll(/interface \w*(?:Database|Tables)\s*(?:extends [^{]+)?\{([^}]*)\}/g)) {
      for (const [, table] of block[1].matchAll(/^\s*(\w+):\s*\w+Table;/gm)) owner.set(table, module);
    }
  }
}

const call = /\b(selectFrom|insertInto|updateTable|deleteFrom|innerJoin|leftJoin|rightJoin|fullJoin|replaceInto|mergeInto)\(\s*(\[[^\]]*\]|'[^']*')/g;
const counts = {};
let total = 0;
let inTestSupport = 0;
for (const module of fs.readdirSync(root)) {
  for (const file of filesUnder(path.join(root, module))) {
    if (/\.test\.tsx?$/.test(file)) continue;
    const text = fs.readFileSync(file, 'utf8');
    for (const match of text.matchAll(call)) {
      const tables = [...match[2].matchAll(/'(\w+)/g)].map((m) => m[1]);
      for (const table of tables) {
        const tableOwner = owner.get(table);
        if (!tableOwner || tableOwner === module) continue;
        // Test scenes (test-support.ts, test/ folders) may arrange any table; counted apart.
        if (/test-support\.tsx?$|\/test\//.test(file)) {
          inTestSupport++;
          continue;
        }
        total++;
        const key = `${module} -> ${tableOwner}`;
        counts[key] = (counts[key] ?? 0) + 1;
        if (list) {
          const line = text.slice(0, match.index).split('\n').length;
          console.log(`${path.relative(process.cwd(), file)}:${line} ${match[1]}('${table}')`);
        }
      }
    }
  }
}
for (const [key, n] of Object.entries(counts).sort()) console.log(`${key}: ${n}`);
console.log(`cross_module_table_queries=${total}`);
console.log(`cross_module_table_queries_in_test_support=${inTestSupport}`);
