//! Condition operators: parsing an operator name (`ForAllValues:StringNotLikeIfExists`) into its
//! parts. Shared by the parser (to reject unknown operators) and the evaluator.

/// The comparison an operator makes, without its negation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Comparison {
    StringEquals,
    StringEqualsIgnoreCase,
    StringLike,
    NumericEquals,
    NumericLessThan,
    NumericLessThanEquals,
    NumericGreaterThan,
    NumericGreaterThanEquals,
    DateEquals,
    DateLessThan,
    DateLessThanEquals,
    DateGreaterThan,
    DateGreaterThanEquals,
    Bool,
    BinaryEquals,
    IpAddress,
    ArnEquals,
    ArnLike,
    Null,
}

/// `ForAnyValue:` or `ForAllValues:`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum SetOperator {
    ForAnyValue,
    ForAllValues,
}

/// A parsed condition operator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Operator {
    pub(crate) set: Option<SetOperator>,
    pub(crate) comparison: Comparison,
    /// `StringNotEquals`, `NotIpAddress`, ...: true when the positive comparison fails.
    pub(crate) negated: bool,
    pub(crate) if_exists: bool,
}

/// Base operator names (without prefix or suffix), their comparison and negation.
const BASES: &[(&str, Comparison, bool)] = &[
    ("StringEquals", Comparison::StringEquals, false),
    ("StringNotEquals", Comparison::StringEquals, true),
    (
        "StringEqualsIgnoreCase",
        Comparison::StringEqualsIgnoreCase,
        false,
    ),
    (
        "StringNotEqualsIgnoreCase",
        Comparison::StringEqualsIgnoreCase,
        true,
    ),
    ("StringLike", Comparison::StringLike, false),
    ("StringNotLike", Comparison::StringLike, true),
    ("NumericEquals", Comparison::NumericEquals, false),
    ("NumericNotEquals", Comparison::NumericEquals, true),
    ("NumericLessThan", Comparison::NumericLessThan, false),
    (
        "NumericLessThanEquals",
        Comparison::NumericLessThanEquals,
        false,
    ),
    ("NumericGreaterThan", Comparison::NumericGreaterThan, false),
    (
        "NumericGreaterThanEquals",
        Comparison::NumericGreaterThanEquals,
        false,
    ),
    ("DateEquals", Comparison::DateEquals, false),
    ("DateNotEquals", Comparison::DateEquals, true),
    ("DateLessThan", Comparison::DateLessThan, false),
    ("DateLessThanEquals", Comparison::DateLessThanEquals, false),
    ("DateGreaterThan", Comparison::DateGreaterThan, false),
    (
        "DateGreaterThanEquals",
        Comparison::DateGreaterThanEquals,
        false,
    ),
    ("Bool", Comparison::Bool, false),
    ("BinaryEquals", Comparison::BinaryEquals, false),
    ("IpAddress", Comparison::IpAddress, false),
    ("NotIpAddress", Comparison::IpAddress, true),
    ("ArnEquals", Comparison::ArnEquals, false),
    ("ArnLike", Comparison::ArnLike, false),
    ("ArnNotEquals", Comparison::ArnEquals, true),
    ("ArnNotLike", Comparison::ArnLike, true),
    ("Null", Comparison::Null, false),
];

impl Operator {
    /// Parse an operator name exactly as AWS spells it (case-sensitive). `None` if unknown.
    pub(crate) fn parse(name: &str) -> Option<Self> {
        let (set, rest) = if let Some(rest) = name.strip_prefix("ForAnyValue:") {
            (Some(SetOperator::ForAnyValue), rest)
        } else if let Some(rest) = name.strip_prefix("ForAllValues:") {
            (Some(SetOperator::ForAllValues), rest)
        } else {
            (None, name)
        };
        let (base, if_exists) = match rest.strip_suffix("IfExists") {
            Some(base) => (base, true),
            None => (rest, false),
        };
        let &(_, comparison, negated) = BASES.iter().find(|(n, _, _)| *n == base)?;
        if if_exists && comparison == Comparison::Null {
            return None;
        }
        Some(Self {
            set,
            comparison,
            negated,
            if_exists,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_every_base_with_and_without_prefix_and_suffix() {
        for (name, comparison, negated) in BASES {
            for prefix in ["", "ForAnyValue:", "ForAllValues:"] {
                let op = Operator::parse(&format!("{prefix}{name}"));
                assert_eq!(
                    op.map(|o| (o.comparison, o.negated)),
                    Some((*comparison, *negated))
                );
                let with_suffix = Operator::parse(&format!("{prefix}{name}IfExists"));
                if *name == "Null" {
                    assert_eq!(with_suffix, None);
                } else {
                    assert_eq!(with_suffix.map(|o| o.if_exists), Some(true));
                }
            }
        }
    }

    #[test]
    fn parts_are_recognized() {
        let op = Operator::parse("ForAllValues:StringNotLikeIfExists");
        assert_eq!(
            op,
            Some(Operator {
                set: Some(SetOperator::ForAllValues),
                comparison: Comparison::StringLike,
                negated: true,
                if_exists: true,
            })
        );
    }

    #[test]
    fn rejects_unknown_and_misspelled() {
        for bad in [
            "StringEqual",
            "stringequals",
            "StringEqualsIfexists",
            "ForAnyValues:StringEquals",
            "ForAllValues:",
            "NullIfExists",
            "",
            "IfExists",
        ] {
            assert_eq!(Operator::parse(bad), None, "{bad}");
        }
    }
}
