//! CPython 3.13's constant folding (`Python/ast_opt.c`), as far as telling constants apart
//! needs it: which expressions the AST optimizer turns into one constant (literals,
//! tuples of constants, `"a" + "b"`, `"ab" * 3`, `-1`, `2 ** 40`, `not 0`), and the value
//! that constant has, so that equal constants are one object (the compiler's constant
//! cache merges them module-wide) and a value made at run time can be told to be one.

use std::collections::BTreeSet;

use ruff_python_ast::{Expr, InterpolatedStringElement, Number, Operator, UnaryOp};
use ruff_text_size::Ranged;

/// A constant as the compiler's constant cache (`_PyCode_ConstantKey`) tells constants
/// apart: by type and value (`1`, `1.0` and `True` are three; `0.0` and `-0.0` two).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Const {
    Str(String),
    Int(i128),
    /// A float, by its bits.
    Float(u64),
    /// A complex number, by the bits of its parts.
    Complex(u64, u64),
    Bytes(Vec<u8>),
    Bool(bool),
    None,
    Ellipsis,
    /// A folded value refscope does not compute (an int past 128 bits, a float `%`): told
    /// apart by where it is written, never merged, never matched to a run-time value.
    Unique(String),
    Tuple(Vec<Const>),
    FrozenSet(BTreeSet<Const>),
}

/// `ast_opt.c`'s limits: an int result of at most 128 bits, a str or bytes result of at
/// most 4096 items, a tuple of at most 256.
const MAX_INT_BITS: u32 = 128;
const MAX_STR_SIZE: usize = 4096;
const MAX_COLLECTION_SIZE: usize = 256;

/// The constant an expression folds to under CPython's AST optimizer, if it does.
pub(crate) fn value(e: &Expr) -> Option<Const> {
    Some(match e {
        Expr::StringLiteral(s) => Const::Str(s.value.to_str().to_owned()),
        Expr::BytesLiteral(b) => Const::Bytes(b.value.bytes().collect()),
        Expr::NumberLiteral(n) => match &n.value {
            Number::Int(i) => int_literal(&i.to_string()).map_or_else(|| unique(e), Const::Int),
            Number::Float(f) => Const::Float(f.to_bits()),
            Number::Complex { real, imag } => Const::Complex(real.to_bits(), imag.to_bits()),
        },
        Expr::BooleanLiteral(b) => Const::Bool(b.value),
        Expr::NoneLiteral(_) => Const::None,
        Expr::EllipsisLiteral(_) => Const::Ellipsis,
        Expr::Tuple(t) => Const::Tuple(t.elts.iter().map(value).collect::<Option<_>>()?),
        Expr::FString(f) => {
            let mut s = String::new();
            for e in f.value.elements() {
                match e {
                    InterpolatedStringElement::Literal(l) => s.push_str(&l.value),
                    InterpolatedStringElement::Interpolation(_) => return None,
                }
            }
            Const::Str(s)
        }
        Expr::UnaryOp(u) => unary(u.op, value(&u.operand)?).unwrap_or_else(|| unique(e)),
        Expr::BinOp(b) => binary(value(&b.left)?, b.op, value(&b.right)?, e)?,
        _ => return None,
    })
}

fn unique(e: &Expr) -> Const {
    Const::Unique(format!("{:?}", e.range()))
}

/// An int literal's value, if it fits in 128 bits (`0x10`, `1_000`).
fn int_literal(text: &str) -> Option<i128> {
    let t: String = text.chars().filter(|c| *c != '_').collect();
    let lower = t.to_ascii_lowercase();
    let (digits, radix) = match lower.get(..2) {
        Some("0x") => (&lower[2..], 16),
        Some("0o") => (&lower[2..], 8),
        Some("0b") => (&lower[2..], 2),
        _ => (lower.as_str(), 10),
    };
    i128::from_str_radix(digits, radix).ok()
}

fn truthy(c: &Const) -> Option<bool> {
    Some(match c {
        Const::Str(s) => !s.is_empty(),
        Const::Int(i) => *i != 0,
        Const::Float(f) => f64::from_bits(*f) != 0.0,
        Const::Complex(r, i) => f64::from_bits(*r) != 0.0 || f64::from_bits(*i) != 0.0,
        Const::Bytes(b) => !b.is_empty(),
        Const::Bool(b) => *b,
        Const::None => false,
        Const::Ellipsis => true,
        Const::Tuple(t) => !t.is_empty(),
        Const::FrozenSet(s) => !s.is_empty(),
        Const::Unique(_) => return None,
    })
}

/// `-x`, `+x`, `~x`, `not x` of a constant (`fold_unaryop`); `None`: folded to a value
/// not computed here.
fn unary(op: UnaryOp, c: Const) -> Option<Const> {
    let c = match c {
        Const::Bool(b) if op != UnaryOp::Not => Const::Int(i128::from(b)),
        c => c,
    };
    Some(match (op, c) {
        (UnaryOp::Not, c) => Const::Bool(!truthy(&c)?),
        (UnaryOp::USub, Const::Int(i)) => Const::Int(i.checked_neg()?),
        (UnaryOp::USub, Const::Float(f)) => Const::Float((-f64::from_bits(f)).to_bits()),
        (UnaryOp::USub, Const::Complex(r, i)) => Const::Complex(
            (-f64::from_bits(r)).to_bits(),
            (-f64::from_bits(i)).to_bits(),
        ),
        (UnaryOp::UAdd, c @ (Const::Int(_) | Const::Float(_) | Const::Complex(..))) => c,
        (UnaryOp::Invert, Const::Int(i)) => Const::Int(!i),
        _ => return None,
    })
}

/// A binary operation on constants: `Some(value)` when the optimizer folds it, `None`
/// when it leaves it to run time (over its limits, or raising).
fn binary(l: Const, op: Operator, r: Const, e: &Expr) -> Option<Const> {
    let int = |c: &Const| match c {
        Const::Int(i) => Some(*i),
        Const::Bool(b) => Some(i128::from(*b)),
        _ => None,
    };
    let float = |c: &Const| match c {
        Const::Float(f) => Some(f64::from_bits(*f)),
        c => int(c).map(|i| i as f64),
    };
    if let (Some(a), Some(b)) = (int(&l), int(&r)) {
        if op == Operator::Div {
            // True division of ints is a float (exact for the ints written in programs).
            return (b != 0).then(|| Const::Float((a as f64 / b as f64).to_bits()));
        }
        return int_op(a, op, b).map(|v| v.map_or_else(|| unique(e), Const::Int));
    }
    if matches!(l, Const::Float(_)) || matches!(r, Const::Float(_)) {
        if let (Some(a), Some(b)) = (float(&l), float(&r)) {
            return float_op(a, op, b).map(|v| v.map_or_else(|| unique(e), Const::Float));
        }
    }
    Some(match (l, op, r) {
        (Const::Str(a), Operator::Add, Const::Str(b)) if a.len() + b.len() <= MAX_STR_SIZE => {
            Const::Str(a + &b)
        }
        (Const::Str(s), Operator::Mult, n) | (n, Operator::Mult, Const::Str(s)) => {
            let n = usize::try_from(int(&n)?.max(0)).ok()?;
            (s.chars().count() * n <= MAX_STR_SIZE).then(|| Const::Str(s.repeat(n)))?
        }
        (Const::Bytes(a), Operator::Add, Const::Bytes(b)) if a.len() + b.len() <= MAX_STR_SIZE => {
            Const::Bytes([a, b].concat())
        }
        (Const::Tuple(a), Operator::Add, Const::Tuple(b)) => Const::Tuple([a, b].concat()),
        (Const::Tuple(t), Operator::Mult, n) | (n, Operator::Mult, Const::Tuple(t)) => {
            let n = usize::try_from(int(&n)?.max(0)).ok()?;
            (t.len() * n <= MAX_COLLECTION_SIZE)
                .then(|| Const::Tuple(std::iter::repeat_n(t, n).flatten().collect()))?
        }
        // `%` formatting and anything else on strings is left to run time.
        (Const::Str(_) | Const::Bytes(_), _, _) => return None,
        (Const::Complex(..), _, _) | (_, _, Const::Complex(..)) => unique(e),
        _ => return None,
    })
}

fn bits(i: i128) -> u32 {
    128 - i.unsigned_abs().leading_zeros()
}

/// An int operation: `None` when CPython does not fold it (over its limits, or it
/// raises), `Some(None)` when it folds to a value past 128 bits.
fn int_op(a: i128, op: Operator, b: i128) -> Option<Option<i128>> {
    Some(match op {
        Operator::Add => a.checked_add(b),
        Operator::Sub => a.checked_sub(b),
        Operator::Mult => {
            if a != 0 && b != 0 && bits(a) + bits(b) > MAX_INT_BITS {
                return None;
            }
            a.checked_mul(b)
        }
        Operator::FloorDiv | Operator::Mod if b == 0 => return None,
        Operator::FloorDiv => Some(a.div_euclid(b) - i128::from(b < 0 && a.rem_euclid(b) != 0)),
        Operator::Mod => {
            let m = a.rem_euclid(b);
            Some(if b < 0 && m != 0 { m + b } else { m })
        }
        Operator::Pow if b < 0 => return None, // a float: left to run time here
        Operator::Pow => {
            if a != 0 && b > 0 && u128::from(bits(a)) > u128::from(MAX_INT_BITS) / b as u128 {
                return None;
            }
            u32::try_from(b).ok().and_then(|e| a.checked_pow(e))
        }
        Operator::LShift if b < 0 => return None,
        Operator::LShift => {
            if b > i128::from(MAX_INT_BITS) || bits(a) as i128 > i128::from(MAX_INT_BITS) - b {
                return None;
            }
            a.checked_mul(1i128.checked_shl(b as u32)?)
        }
        Operator::RShift if b < 0 => return None,
        Operator::RShift => Some(a >> b.min(127)),
        Operator::BitAnd => Some(a & b),
        Operator::BitOr => Some(a | b),
        Operator::BitXor => Some(a ^ b),
        Operator::Div if b == 0 => return None,
        Operator::Div | Operator::MatMult => return Some(None),
    })
}

/// A float operation (an int operand converted): `None` when not folded (it raises).
fn float_op(a: f64, op: Operator, b: f64) -> Option<Option<u64>> {
    Some(match op {
        Operator::Add => Some((a + b).to_bits()),
        Operator::Sub => Some((a - b).to_bits()),
        Operator::Mult => Some((a * b).to_bits()),
        Operator::Div if b == 0.0 => return None,
        Operator::Div => Some((a / b).to_bits()),
        // Python's float floor division, modulo and power have their own rounding and
        // errors: folded by CPython, to values not computed here.
        Operator::FloorDiv | Operator::Mod if b == 0.0 => return None,
        Operator::FloorDiv | Operator::Mod | Operator::Pow => None,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn folded(src: &str) -> Option<Const> {
        let parsed = ruff_python_parser::parse_expression(src).expect("an expression");
        value(parsed.expr())
    }

    // Values checked against CPython 3.13's own folding: `compile(src, "", "eval")`
    // holds each as its one constant.
    #[test]
    fn numbers_fold_as_cpython_folds_them() {
        assert_eq!(folded("-99999"), Some(Const::Int(-99999)));
        assert_eq!(folded("10 ** 6"), Some(Const::Int(1_000_000)));
        assert_eq!(folded("2 ** 64"), Some(Const::Int(1 << 64)));
        assert_eq!(folded("10 ** 30"), Some(Const::Int(10i128.pow(30))));
        assert_eq!(folded("-7 // 2"), Some(Const::Int(-4)));
        assert_eq!(folded("-7 % 3"), Some(Const::Int(2)));
        assert_eq!(folded("7 % -3"), Some(Const::Int(-2)));
        assert_eq!(folded("-2.5"), Some(Const::Float((-2.5f64).to_bits())));
        assert_eq!(folded("1e10"), Some(Const::Float(1e10f64.to_bits())));
        assert_eq!(folded("1 / 4"), Some(Const::Float(0.25f64.to_bits())));
        assert_eq!(folded("not 0"), Some(Const::Bool(true)));
        assert_eq!(folded("~5"), Some(Const::Int(-6)));
        // Not folded: over the 128-bit limit, or raising.
        assert_eq!(folded("10 ** 40"), None);
        assert_eq!(folded("1 // 0"), None);
        assert_eq!(folded("'%s' % 1"), None);
    }

    #[test]
    fn containers_and_strings_fold() {
        assert_eq!(
            folded("(1, 'a') + (2.0,)"),
            Some(Const::Tuple(vec![
                Const::Int(1),
                Const::Str("a".into()),
                Const::Float(2.0f64.to_bits())
            ]))
        );
        assert_eq!(folded("'ab' * 3"), Some(Const::Str("ababab".into())));
        assert_eq!(folded("b'x' + b'y'"), Some(Const::Bytes(b"xy".to_vec())));
        assert_eq!(folded("'x' * 5000"), None);
    }
}
