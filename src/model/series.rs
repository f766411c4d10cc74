//! Memory over time: live object count and total bytes per step, for the memory chart.

use refscope_trace::{HeapStep, Size, Trace};

/// One value per step.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Series {
    /// Objects alive at each step.
    pub live: Vec<u32>,
    /// Sum of known sizes at each step (exact and approximate).
    pub bytes: Vec<u64>,
    /// True at steps where some size is approximate or not modelled, so the total is a
    /// lower bound or an estimate.
    pub inexact: Vec<bool>,
}

/// What a [`Series`] is added up from, step by step, by [`crate::model::AnalysisBuilder`].
pub(crate) struct SeriesPass {
    /// Each interned state's bytes and whether they are approximate, measured once.
    bytes_of: Vec<(u64, bool)>,
    /// Running totals, updated by each step's change rather than re-summed per step: a
    /// 100,000-step trace would otherwise add up millions of entries.
    total: u64,
    inexact: usize,
    series: Series,
}

impl SeriesPass {
    pub(crate) fn new(trace: &Trace) -> SeriesPass {
        let bytes_of = trace
            .objects
            .iter()
            .map(|o| {
                (
                    o.size.bytes().unwrap_or(0),
                    !matches!(o.size, Size::Exact { .. }),
                )
            })
            .collect();
        SeriesPass {
            bytes_of,
            total: 0,
            inexact: 0,
            series: Series::default(),
        }
    }

    /// Takes in one step.
    pub(crate) fn step(&mut self, h: &HeapStep) {
        for &i in h.replaced {
            let (b, approx) = self.bytes_of[i as usize];
            self.total -= b;
            self.inexact -= usize::from(approx);
        }
        for &i in h.changed {
            let (b, approx) = self.bytes_of[i as usize];
            self.total += b;
            self.inexact += usize::from(approx);
        }
        self.series.live.push(h.heap.len() as u32);
        self.series.bytes.push(self.total);
        self.series.inexact.push(self.inexact > 0);
    }

    pub(crate) fn finish(self) -> Series {
        self.series
    }
}

impl Series {
    /// The largest live count (at least 1, so charts can divide by it).
    pub fn max_live(&self) -> u32 {
        self.live.iter().copied().max().unwrap_or(0).max(1)
    }

    /// The largest byte total (at least 1).
    pub fn max_bytes(&self) -> u64 {
        self.bytes.iter().copied().max().unwrap_or(0).max(1)
    }
}

#[cfg(test)]
mod tests {
    use crate::model::{fixtures, Analysis};

    #[test]
    fn counts_and_bytes_follow_the_heap() {
        let trace = fixtures::load("many_objects");
        let series = Analysis::new(&trace).series;
        assert_eq!(series.live.len(), trace.steps.len());
        for i in 0..trace.steps.len() {
            assert_eq!(series.live[i] as usize, trace.heap_len(i));
            let expected: u64 = trace.heap(i).filter_map(|o| o.size.bytes()).sum();
            assert_eq!(series.bytes[i], expected);
        }
        assert!(series.max_live() >= 200);
    }
}
