//! The streamed encoding of a trace: how the worker hands a trace to the page.
//!
//! Plain JSON (one [`Trace`] value) has to be decoded in one go, and a 100,000-step trace
//! is about 40 MB of it: most of a second in which the page cannot answer a click. The
//! streamed encoding is the same JSON cut into values that follow one another: first the
//! trace with its four long lists (`objects`, `locals`, `frames`, `steps`) empty, then
//! [`Part`]s, each holding the next items of one or more of those lists, in order. A reader
//! can decode a part, give the page a frame, and go on ([`Decoder`]).
//!
//! Appending every part's items to the head's lists gives back the trace exactly.

use serde::{Deserialize, Serialize};

use crate::{Frame, Local, ObjectState, Step, Trace};

/// Items per part: up to about 0.25 MB of JSON. The page decodes parts between frames;
/// at 2,000 items, a part of object states took up to 43 ms to decode in the browser.
pub const PART_ITEMS: usize = 500;

/// The next items of the trace's lists.
#[derive(Debug, Default, Serialize, Deserialize)]
pub struct Part {
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub objects: Vec<ObjectState>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub locals: Vec<Local>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub frames: Vec<Frame>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub steps: Vec<Step>,
}

/// A part as written: slices of the trace's lists, so encoding copies nothing.
#[derive(Serialize)]
struct PartRef<'a> {
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    objects: &'a [ObjectState],
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    locals: &'a [Local],
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    frames: &'a [Frame],
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    steps: &'a [Step],
}

/// Writes `trace` in the streamed encoding, `items` list items per part at most.
pub fn encode(trace: &Trace, items: usize) -> serde_json::Result<Vec<u8>> {
    let items = items.max(1);
    let mut out = serde_json::to_vec(&trace.clone_head())?;
    let empty = PartRef {
        objects: &[],
        locals: &[],
        frames: &[],
        steps: &[],
    };
    let mut write = |part: PartRef| -> serde_json::Result<()> {
        out.push(b'\n');
        serde_json::to_writer(&mut out, &part)
    };
    for c in trace.objects.chunks(items) {
        write(PartRef {
            objects: c,
            ..empty
        })?;
    }
    for c in trace.locals.chunks(items) {
        write(PartRef { locals: c, ..empty })?;
    }
    for c in trace.frames.chunks(items) {
        write(PartRef { frames: c, ..empty })?;
    }
    for c in trace.steps.chunks(items) {
        write(PartRef { steps: c, ..empty })?;
    }
    Ok(out)
}

/// Decodes the streamed encoding a part at a time.
pub struct Decoder<R: std::io::Read> {
    trace: Trace,
    parts: serde_json::StreamDeserializer<'static, serde_json::de::IoRead<R>, Part>,
}

impl<R: std::io::Read> Decoder<R> {
    /// Reads the head. Its `format_version` is the caller's to check before going on.
    pub fn new(reader: R) -> serde_json::Result<Self> {
        let mut de = serde_json::Deserializer::from_reader(reader);
        let trace = Trace::deserialize(&mut de)?;
        Ok(Decoder {
            trace,
            parts: de.into_iter(),
        })
    }

    /// The head: everything but the long lists, which fill as parts are read.
    pub fn head(&self) -> &Trace {
        &self.trace
    }

    /// Reads the next part into the trace; `Ok(false)` once there are no more.
    pub fn next_part(&mut self) -> serde_json::Result<bool> {
        match self.parts.next() {
            None => Ok(false),
            Some(part) => {
                let part = part?;
                self.trace.objects.extend(part.objects);
                self.trace.locals.extend(part.locals);
                self.trace.frames.extend(part.frames);
                self.trace.steps.extend(part.steps);
                Ok(true)
            }
        }
    }

    /// The whole trace (after the last part), its lists shrunk to their length.
    pub fn finish(mut self) -> Trace {
        self.trace.objects.shrink_to_fit();
        self.trace.locals.shrink_to_fit();
        self.trace.frames.shrink_to_fit();
        self.trace.steps.shrink_to_fit();
        self.trace
    }
}

impl Trace {
    /// A copy of everything but the four long lists (left empty).
    fn clone_head(&self) -> Trace {
        Trace {
            format_version: self.format_version,
            source: self.source.clone(),
            outcome: self.outcome.clone(),
            stdout: self.stdout.clone(),
            stdout_truncated: self.stdout_truncated,
            objects: Vec::new(),
            locals: Vec::new(),
            frames: Vec::new(),
            steps: Vec::new(),
            differences: self.differences.clone(),
            exit_start: self.exit_start,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixture() -> Trace {
        // Embedded, not read from a path baked in at compile time: a test binary cargo
        // reuses from another checkout sharing the target directory would look there.
        let json = include_bytes!("../../../tests/fixtures/traces/cycle.json");
        serde_json::from_slice(json).expect("decodes")
    }

    #[test]
    fn parts_put_back_together_give_the_trace() {
        let trace = fixture();
        assert!(
            trace.steps.len() > 3 && trace.objects.len() > 3,
            "a fixture worth cutting"
        );
        for items in [1, 3, PART_ITEMS] {
            let bytes = encode(&trace, items).unwrap();
            let mut decoder = Decoder::new(&bytes[..]).unwrap();
            assert!(decoder.head().steps.is_empty());
            let mut parts = 0;
            while decoder.next_part().unwrap() {
                parts += 1;
            }
            let lists = [
                trace.objects.len(),
                trace.locals.len(),
                trace.frames.len(),
                trace.steps.len(),
            ];
            let expected: usize = lists.iter().map(|n| n.div_ceil(items)).sum();
            assert_eq!(parts, expected, "{items} items per part");
            assert_eq!(decoder.finish(), trace);
        }
    }

    #[test]
    fn a_cut_stream_is_an_error_not_a_shorter_trace() {
        let bytes = encode(&fixture(), 3).unwrap();
        let cut = &bytes[..bytes.len() - 10];
        let mut decoder = Decoder::new(cut).unwrap();
        let outcome = loop {
            match decoder.next_part() {
                Ok(true) => continue,
                other => break other,
            }
        };
        assert!(outcome.is_err(), "{outcome:?}");
    }
}
