//! Protocol detectors: from the hook's raw events and the frames they come from, the
//! events the learner sees for the protocols the interpreter runs on the program's
//! behalf: context managers (`context`), `try`/`except`/`finally` and exceptions
//! (`flow`), generators (`generators`), and finalizers, `__del__` and weakref callbacks
//! (`finalizers`). Each owns the state it needs between events and pushes
//! [`refscope_trace::Event`]s onto the step being built; none of them builds a step.

pub(crate) mod context;
pub(crate) mod finalizers;
pub(crate) mod flow;
pub(crate) mod generators;
