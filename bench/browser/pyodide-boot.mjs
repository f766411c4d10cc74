// Loads Pyodide from /pyodide/ and runs print(1); window.pyodideDone is set when it has.
import { loadPyodide } from "/pyodide/pyodide.mjs";

const out = document.getElementById("out");
const pyodide = await loadPyodide({ indexURL: "/pyodide/", stdout: (line) => (out.textContent = line) });
pyodide.runPython("print(1)");
window.pyodideDone = performance.now();
