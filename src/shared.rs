//! `Shared<T>`: an `Rc<T>` whose equality is pointer identity.
//!
//! Yew compares props on every render. `Rc<Trace>`'s `PartialEq` compares the whole trace
//! (the `Rc` short-cut only applies when `T: Eq`, rust-lang/rust#56550), which for a long
//! run is thousands of objects. A trace or a per-trace analysis never changes once built, so
//! "same allocation" is the right and O(1) notion of "same props".

use std::ops::Deref;
use std::rc::Rc;

/// A pointer-equality `Rc`.
#[derive(Debug)]
pub struct Shared<T>(pub Rc<T>);

impl<T> Shared<T> {
    /// Wraps a value.
    pub fn new(value: T) -> Self {
        Shared(Rc::new(value))
    }
}

impl<T> Clone for Shared<T> {
    fn clone(&self) -> Self {
        Shared(Rc::clone(&self.0))
    }
}

impl<T> PartialEq for Shared<T> {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

impl<T> Deref for Shared<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.0
    }
}

impl<T> From<Rc<T>> for Shared<T> {
    fn from(rc: Rc<T>) -> Self {
        Shared(rc)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn equality_is_identity_not_value() {
        let a = Shared::new(vec![1, 2]);
        let b = Shared::new(vec![1, 2]);
        assert!(a == a.clone());
        assert!(a != b);
    }
}
