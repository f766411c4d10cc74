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

    fn claim(&self, size: usize) -> bool {
        let before = self.live.fetch_add(size, Ordering::Relaxed);
        if before.saturating_add(size) > self.cap {
            self.live.fetch_sub(size, Ordering::Relaxed);
            false
        } else {
            self.peak.fetch_max(before + size, Ordering::Relaxed);
            true
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
