//! CPython 3.13's constant folding, as far as telling constants apart needs it: which
//! expressions the AST optimizer turns into one constant (literals, tuples of constants,
//! `"a" + "b"`, `"ab" * 3`, `-1`), and the value that constant has.

use std::collections::BTreeSet;

use ruff_python_ast::{Expr, InterpolatedStringElement, Number, Operator};
use ruff_text_size::Ranged;

/// A constant as the compiler's constant cache tells constants apart.
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Const {
    Str(String),
    /// Any other scalar, by kind and source text (only told apart, never counted).
    Other(String),
    Tuple(Vec<Const>),
    FrozenSet(BTreeSet<Const>),
}

/// The constant an expression folds to under CPython's AST optimizer, if it does.
pub(crate) fn value(e: &Expr) -> Option<Const> {
    Some(match e {
        Expr::StringLiteral(s) => Const::Str(s.value.to_str().to_owned()),
        Expr::BytesLiteral(_) => Const::Other(format!("b{:?}", e.range())),
        Expr::NumberLiteral(n) => Const::Other(match &n.value {
            Number::Int(i) => format!("i{i}"),
            Number::Float(f) => format!("f{f:?}"),
            Number::Complex { real, imag } => format!("c{real:?},{imag:?}"),
        }),
        Expr::BooleanLiteral(b) => Const::Other(format!("B{}", b.value)),
        Expr::NoneLiteral(_) => Const::Other("None".into()),
        Expr::EllipsisLiteral(_) => Const::Other("...".into()),
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
        Expr::UnaryOp(u) => match value(&u.operand)? {
            Const::Other(n) => Const::Other(format!("{:?}{n}", u.op)),
            _ => return None,
        },
        Expr::BinOp(b) => match (value(&b.left)?, b.op, value(&b.right)?) {
            (Const::Str(l), Operator::Add, Const::Str(r)) if l.len() + r.len() <= 4096 => {
                Const::Str(l + &r)
            }
            (Const::Str(s), Operator::Mult, Const::Other(n)) => {
                let n: usize = n.strip_prefix('i')?.parse().ok()?;
                (s.len() * n <= 4096).then(|| Const::Str(s.repeat(n)))?
            }
            // Folded numbers: told apart by where they are written (never merged).
            (Const::Other(_), _, Const::Other(_)) => Const::Other(format!("{:?}", e.range())),
            _ => return None,
        },
        _ => return None,
    })
}
