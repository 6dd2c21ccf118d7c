// Parses PowerShell scripts with tree-sitter-powershell (no PowerShell runs on the build machine) and prints every
// syntax error as "file:line:column: message". Exit code: 0 all clean, 1 syntax errors found, 2 cannot run.
// Usage: node check.mjs <node_modules dir> <script.ps1>...
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import v8 from 'node:v8';

// V8 otherwise recompiles the 1 MB grammar with its optimizing compiler in the background, and the process
// waits ~10 s for that at exit; the baseline compiler parses a script in well under a second.
v8.setFlagsFromString('--liftoff-only');

const [moduleDir, ...files] = process.argv.slice(2);
if (!moduleDir || files.length === 0) {
    console.error('usage: node check.mjs <node_modules dir> <script.ps1>...');
    process.exit(2);
}
// Exit code 1 means syntax errors and nothing else: a checker that cannot run says so with 2.
process.on('uncaughtException', (e) => {
    console.error(`check.mjs cannot run: ${e.message}`);
    process.exit(2);
});

const modules = resolve(moduleDir);
const { Parser, Language } = await import(pathToFileURL(join(modules, 'web-tree-sitter', 'web-tree-sitter.js')).href);
await Parser.init();
const grammar = createRequire(join(modules, 'x.js')).resolve('tree-sitter-powershell/tree-sitter-powershell.wasm');
const parser = new Parser();
parser.setLanguage(await Language.load(readFileSync(grammar)));

// ERROR nodes mark text the grammar could not place; missing nodes mark tokens it had to invent (a closing
// parenthesis, a quote). Both are syntax errors. Only subtrees that contain errors are walked.
function problems(node, out) {
    if (node.isError) {
        out.push({ at: node.startPosition, what: `cannot parse '${excerpt(node.text)}'` });
    } else if (node.isMissing) {
        out.push({ at: node.startPosition, what: `missing ${node.type}` });
    }
    for (const child of node.children) {
        if (child.hasError || child.isMissing) {
            problems(child, out);
        }
    }
    return out;
}

function excerpt(text) {
    const line = text.split('\n')[0];
    return line.length > 40 ? line.slice(0, 40) + '...' : line;
}

let found = 0;
for (const file of files) {
    const tree = parser.parse(readFileSync(file, 'utf8'));
    for (const p of problems(tree.rootNode, [])) {
        console.log(`${file}:${p.at.row + 1}:${p.at.column + 1}: ${p.what}`);
        found++;
    }
    tree.delete();
}
console.log(`${files.length} script(s) parsed, ${found} syntax error(s)`);
process.exit(found > 0 ? 1 : 0);
