//! Heap objects as the learner sees them: identity, type, refcount, size and references.

use serde::{Deserialize, Serialize};

/// A trace-local object id: sequential in order of first sight, never reused.
pub type ObjId = u32;

/// A value held by a name or a container slot.
///
/// Immortal singletons that are shared by every program (`None`, `True`, `False`,
/// small ints from -5 to 256, `...`) are inline; everything else is a heap object,
/// because it has a refcount the learner can watch.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Value {
    /// An immortal shared object, shown by its repr.
    Inline {
        /// e.g. `None`, `True`, `42`.
        repr: String,
        /// e.g. `NoneType`, `bool`, `int`.
        type_name: String,
    },
    /// A reference to a heap object.
    Ref {
        /// The object's id.
        id: ObjId,
    },
}

/// The refcount of an object as the program holds it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Refcount {
    /// CPython's `sys.getrefcount(x) - 1`.
    Counted {
        /// The number of references.
        count: u32,
    },
    /// Immortal in CPython 3.12+ (PEP 683): the count never changes and the object is never
    /// freed.
    Immortal,
    /// CPython's count as far as the engine can tell, shown with a "≈": a string literal
    /// CPython 3.13 counts unless some loaded module uses the same word as a name (which
    /// makes it immortal) and the engine's record cannot tell, or `self` inside a
    /// `__repr__` whose caller (`print`, an f-string, `repr`) the trace cannot see.
    Approximate {
        /// The estimated number of references.
        count: u32,
    },
}

/// `sys.getsizeof` as 64-bit CPython 3.12+ reports it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Size {
    /// From the documented model; matches CPython for this object.
    Exact {
        /// Bytes.
        bytes: u64,
    },
    /// From the model, but CPython's figure depends on history the recorder cannot see
    /// (for example how a list grew); shown with a "≈".
    Approximate {
        /// Bytes.
        bytes: u64,
    },
    /// The type has no size model; the UI says so rather than guessing.
    NotModelled,
}

impl Size {
    /// The modelled bytes, exact or approximate; `None` where the type has no model.
    pub fn bytes(&self) -> Option<u64> {
        match *self {
            Size::Exact { bytes } | Size::Approximate { bytes } => Some(bytes),
            Size::NotModelled => None,
        }
    }
}

/// What sort of object this is, for drawing. Unknown types are [`ObjectKind::Other`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ObjectKind {
    Int,
    Float,
    Complex,
    Str,
    Bytes,
    List,
    Tuple,
    Dict,
    Set,
    FrozenSet,
    Instance,
    Function,
    BoundMethod,
    Generator,
    Class,
    Module,
    Cell,
    Traceback,
    Frame,
    Exception,
    Weakref,
    File,
    Range,
    Other,
}

/// The state of one heap object at one or more steps.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct ObjectState {
    /// Stable id.
    pub id: ObjId,
    /// `type(x).__name__`.
    pub type_name: String,
    /// Drawing category.
    pub kind: ObjectKind,
    /// A short value or summary, e.g. `[1, 2, 3]` or `<Node object>`; capped in length.
    pub summary: String,
    /// References the program holds to it.
    pub refcount: Refcount,
    /// Its size as CPython would report it.
    pub size: Size,
    /// Outgoing references, in a stable order (container order, then attributes). A boxed
    /// slice: read from JSON, a `Vec` would keep spare room in every state.
    pub refs: Box<[Edge]>,
    /// False when no root (frame local or global) reaches it but it is still alive: cycle
    /// garbage waiting for the collector.
    pub reachable: bool,
    /// Extra state for file objects (boxed: most objects are not files, and a trace can
    /// hold tens of thousands of states).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub file: Option<Box<FileState>>,
    /// Extra state for generators (boxed, as `file`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub generator: Option<Box<GeneratorState>>,
}

/// One outgoing reference.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Edge {
    /// What the slot is called.
    pub label: EdgeLabel,
    /// What it points at.
    pub value: Value,
    /// A weak reference: it does not keep the target alive.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub weak: bool,
}

/// The name of a reference slot.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum EdgeLabel {
    /// A list or tuple index.
    Index { index: u32 },
    /// A dict value, labelled by the key's repr.
    Key { key: String },
    /// A dict key that is itself a heap object (str and int keys are shown in the label).
    KeyObject { key: String },
    /// A set member.
    Member,
    /// An attribute (instance `__dict__` entry or slot).
    Attr { name: String },
    /// A closure cell of a function, by free-variable name.
    Cell { name: String },
    /// A default argument value.
    Default { index: u32 },
    /// A bound method's `__self__` or `__func__`.
    Bound { name: String },
    /// A generator's suspended frame local.
    GenLocal { name: String },
    /// A traceback's frame local (the frame that the traceback keeps alive).
    TbLocal { function: String, name: String },
    /// The next traceback entry.
    TbNext,
    /// An exception's `__traceback__`.
    Traceback,
    /// A weakref's referent (always `weak`).
    Referent,
    /// A weakref's callback.
    Callback,
    /// Anything else, by name.
    Other { name: String },
}

/// A file object's buffering state, so the UI can show the buffer and the "disk" apart.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct FileState {
    /// The file name given to `open`.
    pub name: String,
    /// The mode given to `open`.
    pub mode: String,
    /// Text written but still waiting in the buffer (not yet on "disk").
    pub buffered: String,
    /// What the "disk" holds for this file now.
    pub disk: String,
    /// The stream position in bytes.
    pub position: u64,
    /// Whether the file is closed.
    pub closed: bool,
}

/// A generator's execution state.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct GeneratorState {
    /// `created`, `suspended`, `running` or `closed` (as `inspect.getgeneratorstate`).
    pub state: String,
    /// The suspended frame's line, when suspended.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub line: Option<u32>,
}
