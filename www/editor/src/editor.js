// refscope's code editor: CodeMirror 6 behind a tiny imperative API that the
// Yew app reaches through wasm-bindgen (`js_namespace = RefscopeEditor`).
// The API is described in ../README.md; keep the two in step.

import {
  Annotation, Compartment, EditorState, Prec, StateEffect, StateField,
} from '@codemirror/state';
import {
  Decoration, EditorView, ViewPlugin, WidgetType, highlightActiveLine,
  highlightActiveLineGutter, keymap, lineNumbers,
} from '@codemirror/view';
import {
  defaultKeymap, history, historyKeymap, indentWithTab, isolateHistory,
} from '@codemirror/commands';
import {
  HighlightStyle, LanguageSupport, bracketMatching, indentOnInput, indentUnit,
  syntaxHighlighting, syntaxTree,
} from '@codemirror/language';
import { pythonLanguage } from '@codemirror/lang-python';
import { tags as t } from '@lezer/highlight';

// Marks the host's own doc replacements, so they are not echoed back through
// onChange (the host already knows the text it just set).
const fromHost = Annotation.define();

// ---- step lines (replay) ----------------------------------------------------

const setStep = StateEffect.define();

function lineAt(doc, n) {
  // Clamp rather than throw: a stale trace may name a line the doc no longer has.
  return n >= 1 ? doc.line(Math.min(n, doc.lines)) : null;
}

const currentLine = Decoration.line({ class: 'rs-line-current' });
const nextLine = Decoration.line({ class: 'rs-line-next' });

const stepField = StateField.define({
  create: () => Decoration.none,
  update(deco, tr) {
    deco = deco.map(tr.changes);
    for (const e of tr.effects) {
      if (!e.is(setStep)) continue;
      const cur = lineAt(tr.state.doc, e.value.current);
      const next = lineAt(tr.state.doc, e.value.next);
      const ranges = [];
      if (cur) ranges.push(currentLine.range(cur.from));
      if (next) ranges.push(nextLine.range(next.from));
      deco = Decoration.set(ranges, true);
    }
    return deco;
  },
  provide: (f) => EditorView.decorations.from(f),
});

// ---- syntax error -----------------------------------------------------------

const setErr = StateEffect.define();

class ErrorMessage extends WidgetType {
  constructor(message) { super(); this.message = message; }
  eq(other) { return other.message === this.message; }
  toDOM() {
    const span = document.createElement('span');
    span.className = 'rs-error-msg';
    span.textContent = this.message;
    return span;
  }
}

function errorDecorations(doc, { line, column, message }) {
  const l = lineAt(doc, Math.max(line, 1));
  let from = Math.min(l.from + Math.max(column, 1) - 1, l.to);
  // Errors at end of line (e.g. "unexpected EOF") would give an empty, invisible
  // underline; underline the last character instead.
  if (from === l.to && l.to > l.from) from = l.to - 1;
  const ranges = [
    Decoration.line({ class: 'rs-line-error' }).range(l.from),
    Decoration.widget({ widget: new ErrorMessage(message), side: 1 }).range(l.to),
  ];
  if (from < l.to) {
    ranges.push(Decoration.mark({ class: 'rs-error-mark', attributes: { title: message } })
      .range(from, l.to));
  }
  return Decoration.set(ranges, true);
}

const errorField = StateField.define({
  create: () => Decoration.none,
  update(deco, tr) {
    // Mapped, not dropped, on edits: the host re-checks and calls set/clearError.
    deco = deco.map(tr.changes);
    for (const e of tr.effects) {
      if (e.is(setErr)) deco = e.value ? errorDecorations(tr.state.doc, e.value) : Decoration.none;
    }
    return deco;
  },
  provide: (f) => EditorView.decorations.from(f),
});

// ---- highlighting -----------------------------------------------------------

// Token colours are CSS variables so the host's light/dark/projector themes
// need no JS; the fallbacks form a light theme with AA contrast on white.
const tok = (name, fallback) => `var(--rs-tok-${name}, ${fallback})`;
const highlightStyle = HighlightStyle.define([
  { tag: [t.keyword, t.controlKeyword, t.definitionKeyword, t.moduleKeyword, t.operatorKeyword,
    t.modifier], color: tok('keyword', '#cf222e') },
  { tag: [t.string, t.special(t.string)], color: tok('string', '#116329') },
  { tag: t.escape, color: tok('number', '#0550ae') },
  { tag: t.number, color: tok('number', '#0550ae') },
  { tag: [t.comment, t.lineComment], color: tok('comment', '#6e7781'), fontStyle: 'italic' },
  { tag: [t.function(t.definition(t.variableName)), t.definition(t.className)],
    color: tok('def', '#8250df') },
  { tag: [t.bool, t.null], color: tok('builtin', '#953800') },
]);

// The Python grammar does not tag builtins (to the parser they are ordinary
// names), so mark the visible ones by name, as most editors do.
const BUILTINS = new Set(('abs all any bool bytearray bytes callable chr classmethod delattr dict '
  + 'dir divmod enumerate filter float format frozenset getattr globals hasattr hash hex id input '
  + 'int isinstance issubclass iter len list locals map max memoryview min next object oct open '
  + 'ord pow print property range repr reversed round set setattr slice sorted staticmethod str '
  + 'sum super tuple type vars zip BaseException Exception ArithmeticError AssertionError '
  + 'AttributeError IndexError KeyError NameError NotImplementedError OSError RuntimeError '
  + 'StopIteration TypeError ValueError ZeroDivisionError').split(' '));
const builtinMark = Decoration.mark({ class: 'rs-tok-builtin' });

function builtinDecorations(view) {
  const ranges = [];
  for (const { from, to } of view.visibleRanges) {
    syntaxTree(view.state).iterate({
      from, to,
      enter(node) {
        if (node.name === 'VariableName'
            && BUILTINS.has(view.state.doc.sliceString(node.from, node.to))) {
          ranges.push(builtinMark.range(node.from, node.to));
        }
      },
    });
  }
  return Decoration.set(ranges);
}

const builtins = ViewPlugin.fromClass(class {
  constructor(view) { this.decorations = builtinDecorations(view); }
  update(u) {
    // The parser works incrementally, so a newer tree can arrive without an edit.
    if (u.docChanged || u.viewportChanged || syntaxTree(u.startState) !== syntaxTree(u.state)) {
      this.decorations = builtinDecorations(u.view);
    }
  }
}, { decorations: (p) => p.decorations });

// ---- theme ------------------------------------------------------------------

const theme = EditorView.theme({
  // Inherit the size so a projector mode only has to scale the host's font.
  '&': {
    color: 'var(--rs-editor-fg, #1f2328)',
    backgroundColor: 'var(--rs-editor-bg, #ffffff)',
    fontSize: 'inherit',
    height: '100%',
  },
  '&.cm-focused': { outline: '2px solid var(--rs-focus, #0969da)', outlineOffset: '-2px' },
  '.cm-scroller': {
    fontFamily: 'var(--rs-editor-font, ui-monospace, SFMono-Regular, Menlo, Consolas, monospace)',
    lineHeight: '1.5',
  },
  '.cm-content': { caretColor: 'var(--rs-editor-fg, #1f2328)' },
  '.cm-gutters': {
    backgroundColor: 'var(--rs-editor-bg, #ffffff)',
    color: 'var(--rs-editor-gutter, #6e7781)',
    borderRight: '1px solid color-mix(in srgb, var(--rs-editor-gutter, #6e7781) 30%, transparent)',
  },
  '.cm-activeLine': { backgroundColor: 'color-mix(in srgb, var(--rs-editor-fg, #1f2328) 5%, transparent)' },
  '.cm-activeLineGutter': { backgroundColor: 'transparent', color: 'var(--rs-editor-fg, #1f2328)' },
  '&.cm-focused .cm-matchingBracket': {
    backgroundColor: 'transparent',
    outline: '1px solid var(--rs-editor-gutter, #6e7781)',
  },
  // `.cm-line` doubles the specificity so the step beats the active-line tint.
  '.cm-line.rs-line-current': { backgroundColor: 'var(--rs-current-line, #fff1b8)' },
  // Next line: a bar, not a fill, so "about to run" never reads as "running".
  '.cm-line.rs-line-next': { boxShadow: 'inset 3px 0 0 var(--rs-next-line, #9a6700)' },
  '.cm-line.rs-line-error': {
    backgroundColor: 'color-mix(in srgb, var(--rs-error, #cf222e) 8%, transparent)',
  },
  '.rs-error-mark': {
    textDecoration: 'underline wavy var(--rs-error, #cf222e)',
    textDecorationSkipInk: 'none',
    textUnderlineOffset: '3px',
  },
  '.rs-error-msg': {
    color: 'var(--rs-error, #cf222e)',
    marginLeft: '2ch',
    fontStyle: 'italic',
  },
  '.rs-tok-builtin': { color: tok('builtin', '#953800') },
});

// ---- public API -------------------------------------------------------------

export function createEditor(parent, options = {}) {
  const readOnlyConf = new Compartment();
  // Tab moves focus out of the editor unless the learner chose "Tab indents"
  // (CodeMirror's advice: a page's Tab order must not be a trap). Indenting
  // always works with Mod-] and Mod-[ (defaultKeymap); with Tab bound, Escape
  // then Tab still leaves the editor (CodeMirror's built-in escape hatch).
  const tabConf = new Compartment();
  const tabExt = (on) => (on ? keymap.of([indentWithTab]) : []);
  // Read-only is the replay view: the active-line tint would compete with the
  // step highlight, and `inputmode=none` keeps phones from raising a keyboard.
  // The content stays focusable so keyboard users can still move and copy.
  const readOnlyExt = (ro) => (ro
    ? [EditorState.readOnly.of(true), EditorView.contentAttributes.of({ inputmode: 'none' })]
    : [highlightActiveLine(), highlightActiveLineGutter()]);

  const view = new EditorView({
    parent,
    state: EditorState.create({
      doc: options.doc ?? '',
      extensions: [
        // Mod-Enter must beat defaultKeymap's insertBlankLine.
        Prec.highest(keymap.of([{
          key: 'Mod-Enter',
          run: () => { options.onRun?.(); return true; },
        }])),
        lineNumbers(),
        history(),
        indentOnInput(), // dedents `else:`, `except ...` as they are typed
        bracketMatching(),
        tabConf.of(tabExt(!!options.tabIndents)),
        keymap.of([...defaultKeymap, ...historyKeymap]),
        // Python's own convention; the language package does not set one.
        indentUnit.of('    '),
        EditorState.tabSize.of(4),
        // Only the parser: python()'s completion sources would pull in the
        // autocomplete package for a feature we do not enable.
        new LanguageSupport(pythonLanguage),
        syntaxHighlighting(highlightStyle),
        builtins,
        stepField,
        errorField,
        theme,
        readOnlyConf.of(readOnlyExt(!!options.readOnly)),
        // tabindex: the content is contenteditable, hence already in the tab order, but
        // accessibility checkers only count an explicit tabindex as keyboard access to
        // the scrolling region around it.
        EditorView.contentAttributes.of({ 'aria-label': options.label ?? 'Python code', tabindex: '0' }),
        EditorView.updateListener.of((u) => {
          if (u.docChanged && !u.transactions.some((tr) => tr.annotation(fromHost))) {
            // Listeners run once the update is complete, so the host may call
            // straight back into the handle (smoke.mjs checks that it can).
            options.onChange?.(u.state.doc.toString());
          }
        }),
      ],
    }),
  });

  return {
    getDoc: () => view.state.doc.toString(),

    // One undoable step (so a mistaken "load example" can be undone), kept out
    // of neighbouring typing's undo group. Markers belong to the old text and
    // are cleared. Setting the same text is a no-op, so a host that echoes its
    // state back does not lose the cursor or history.
    setDoc(doc) {
      if (doc === view.state.doc.toString()) return;
      view.dispatch({
        changes: { from: 0, to: view.state.doc.length, insert: doc },
        selection: { anchor: 0 },
        effects: [setStep.of({ current: 0, next: 0 }), setErr.of(null),
          EditorView.scrollIntoView(0)],
        annotations: [fromHost.of(true), isolateHistory.of('full')],
      });
    },

    setStepLines(current, next) {
      view.dispatch({ effects: setStep.of({ current, next }) });
      const line = lineAt(view.state.doc, current);
      if (!line) return;
      // Whether the line is on screen is a layout read. Asking now, right after the page
      // redrew the step, forced a layout of the whole page per step (the slider drags
      // through dozens a second); CodeMirror's measure phase reads once per frame, and the
      // shared key keeps only the last step's request.
      view.requestMeasure({
        key: scrollRequest,
        read: () => isVisible(view, line.from),
        write: (visible) => {
          if (visible) return;
          // Not from inside the measure cycle (CodeMirror refuses an update there):
          // right after it. Centre rather than "nearest": a jump into another function
          // reads better with context above and below.
          queueMicrotask(() => {
            // Destroyed, or given a shorter text, meanwhile.
            if (!view.dom.isConnected || line.from > view.state.doc.length) return;
            view.dispatch({ effects: EditorView.scrollIntoView(line.from, { y: 'center' }) });
          });
        },
      });
    },

    setError(line, column, message) {
      view.dispatch({ effects: setErr.of({ line, column, message: String(message ?? '') }) });
    },
    clearError() { view.dispatch({ effects: setErr.of(null) }); },

    setReadOnly(flag) {
      view.dispatch({ effects: readOnlyConf.reconfigure(readOnlyExt(!!flag)) });
    },

    setTabIndents(flag) {
      view.dispatch({ effects: tabConf.reconfigure(tabExt(!!flag)) });
    },
    focus() { view.focus(); },
    destroy() { view.destroy(); },
  };
}

// The key of the pending scroll check (one per editor would do; there is one editor).
const scrollRequest = {};

// Visible means inside both the editor's scroller and the browser window
// (the editor may grow with its content and leave scrolling to the page).
function isVisible(view, pos) {
  const c = view.coordsAtPos(pos); // null when outside the rendered viewport
  if (!c) return false;
  const box = view.scrollDOM.getBoundingClientRect();
  return c.top >= Math.max(box.top, 0) && c.bottom <= Math.min(box.bottom, window.innerHeight);
}

if (typeof window !== 'undefined') window.RefscopeEditor = { create: createEditor };
