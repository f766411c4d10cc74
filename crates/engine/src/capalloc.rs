//! A global allocator wrapper that refuses oversized requests.
//!
//! RustPython reserves memory for big sequences with `try_reserve`, which turns a refused
//! allocation into Python's `MemoryError`. Without a cap, `[0] * 10**9` would really
//! allocate 8 GB (and `"a" * 10**10` would abort the process). Binaries that embed the
//! engine install [`CappedAlloc`] as their `#[global_allocator]`.
#![allow(unsafe_code)]

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};

/// Refuses any allocation that would push live heap bytes above the cap.
pub struct CappedAlloc {
    live: AtomicUsize,
    peak: AtomicUsize,
    cap: usize,
}

impl CappedAlloc {
    /// A wrapper allowing at most `cap` live bytes.
    pub const fn new(cap: usize) -> Self {
        CappedAlloc {
            live: AtomicUsize::new(0),
            peak: AtomicUsize::new(0),
            cap,
        }
    }

    /// Bytes currently allocated through this allocator.
    pub fn live_bytes(&self) -> usize {
        self.live.load(Ordering::Relaxed)
    }

    /// The most bytes that were ever live at once (since the last [`Self::reset_peak`]).
    pub fn peak_bytes(&self) -> usize {
        self.peak.load(Ordering::Relaxed)
    }

    /// Starts a new peak measurement from the current live bytes.
    pub fn reset_peak(&self) {
        self.peak.store(self.live_bytes(), Ordering::Relaxed);
    }

    /// Counts `size` more live bytes, or refuses without touching the count. Adding first
    /// and taking a refused request back after (as this once did) let another thread see
    /// the count with an 8 GB request in it, for an instant, and have its own small, not
    /// fallible allocation refused: the process aborted ("memory allocation of 160 bytes
    /// failed") in the parallel tests.
    fn claim(&self, size: usize) -> bool {
        let claimed = self
            .live
            .fetch_update(Ordering::Relaxed, Ordering::Relaxed, |live| {
                live.checked_add(size).filter(|&new| new <= self.cap)
            });
        match claimed {
            Ok(before) => {
                self.peak.fetch_max(before + size, Ordering::Relaxed);
                true
            }
            Err(_) => false,
        }
    }
}

// SAFETY: every method forwards to `System` unchanged; the counter only decides whether
// to forward at all, and a refused request returns null as `GlobalAlloc` allows.
unsafe impl GlobalAlloc for CappedAlloc {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        if !self.claim(layout.size()) {
            return std::ptr::null_mut();
        }
        let p = unsafe { System.alloc(layout) };
        if p.is_null() {
            self.live.fetch_sub(layout.size(), Ordering::Relaxed);
        }
        p
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        if !self.claim(layout.size()) {
            return std::ptr::null_mut();
        }
        let p = unsafe { System.alloc_zeroed(layout) };
        if p.is_null() {
            self.live.fetch_sub(layout.size(), Ordering::Relaxed);
        }
        p
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) };
        self.live.fetch_sub(layout.size(), Ordering::Relaxed);
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let old = layout.size();
        if new_size > old && !self.claim(new_size - old) {
            return std::ptr::null_mut();
        }
        let p = unsafe { System.realloc(ptr, layout, new_size) };
        if p.is_null() {
            if new_size > old {
                self.live.fetch_sub(new_size - old, Ordering::Relaxed);
            }
        } else if new_size < old {
            self.live.fetch_sub(old - new_size, Ordering::Relaxed);
        }
        p
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_refused_request_never_refuses_anyone_else() {
        let alloc = CappedAlloc::new(1 << 20);
        std::thread::scope(|s| {
            s.spawn(|| {
                for _ in 0..200_000 {
                    assert!(!alloc.claim(1 << 30), "over the cap");
                }
            });
            s.spawn(|| {
                for _ in 0..200_000 {
                    assert!(alloc.claim(64), "a small request, far below the cap");
                    alloc.live.fetch_sub(64, Ordering::Relaxed);
                }
            });
        });
        assert_eq!(alloc.live_bytes(), 0);
        assert_eq!(alloc.peak_bytes(), 64);
    }
}
