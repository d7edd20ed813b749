//! The condition language of tier rules: `impaired or (age >= 80 and living_alone)`.
//!
//! ```text
//! condition := and_expr ("or" and_expr)*
//! and_expr  := unary ("and" unary)*
//! unary     := "not" unary | "(" condition ")" | "true" | "false"
//!            | "age" (">=" | ">" | "<=" | "<" | "==") NUMBER | FACT
//! ```
//! `and` binds tighter than `or`. Facts are the names of [`Fact`]; age is the elder's age in
//! completed years on the day the condition is evaluated.

use std::fmt;

use super::facts::{ElderFacts, Fact};

/// An age comparison operator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AgeCmp {
    AtLeast,
    Above,
    AtMost,
    Below,
    Equal,
}

impl AgeCmp {
    fn symbol(self) -> &'static str {
        match self {
            AgeCmp::AtLeast => ">=",
            AgeCmp::Above => ">",
            AgeCmp::AtMost => "<=",
            AgeCmp::Below => "<",
            AgeCmp::Equal => "==",
        }
    }

    fn test(self, age: u32, n: u32) -> bool {
        match self {
            AgeCmp::AtLeast => age >= n,
            AgeCmp::Above => age > n,
            AgeCmp::AtMost => age <= n,
            AgeCmp::Below => age < n,
            AgeCmp::Equal => age == n,
        }
    }
}

/// A parsed condition.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Condition {
    Const(bool),
    Fact(Fact),
    Age(AgeCmp, u32),
    Not(Box<Condition>),
    All(Vec<Condition>),
    Any(Vec<Condition>),
}

/// Why a condition text does not parse: `offset` is the byte offset in the text.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{reason}")]
pub struct ConditionError {
    pub offset: usize,
    pub reason: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Token {
    Word(String),
    Number(u32),
    Op(&'static str),
    Open,
    Close,
}

fn describe(token: Option<&(usize, Token)>) -> String {
    match token {
        None => "the end of the condition".to_string(),
        Some((_, Token::Word(w))) => format!("'{w}'"),
        Some((_, Token::Number(n))) => format!("'{n}'"),
        Some((_, Token::Op(op))) => format!("'{op}'"),
        Some((_, Token::Open)) => "'('".to_string(),
        Some((_, Token::Close)) => "')'".to_string(),
    }
}

fn tokenize(text: &str) -> Result<Vec<(usize, Token)>, ConditionError> {
    let mut tokens = Vec::new();
    let mut chars = text.char_indices().peekable();
    while let Some(&(at, c)) = chars.peek() {
        if c.is_whitespace() {
            chars.next();
        } else if c == '(' || c == ')' {
            chars.next();
            tokens.push((at, if c == '(' { Token::Open } else { Token::Close }));
        } else if c.is_ascii_alphabetic() || c == '_' {
            let mut word = String::new();
            while let Some(&(_, c)) = chars.peek().filter(|(_, c)| c.is_ascii_alphanumeric() || *c == '_') {
                word.push(c);
                chars.next();
            }
            tokens.push((at, Token::Word(word)));
        } else if c.is_ascii_digit() {
            let mut digits = String::new();
            while let Some(&(_, c)) = chars.peek().filter(|(_, c)| c.is_ascii_digit()) {
                digits.push(c);
                chars.next();
            }
            let n = digits.parse().map_err(|_| ConditionError {
                offset: at,
                reason: format!("number {digits} is too large"),
            })?;
            tokens.push((at, Token::Number(n)));
        } else if matches!(c, '>' | '<' | '=') {
            chars.next();
            let eq = chars.next_if(|(_, c)| *c == '=').is_some();
            let op = match (c, eq) {
                ('>', true) => ">=",
                ('>', false) => ">",
                ('<', true) => "<=",
                ('<', false) => "<",
                ('=', true) => "==",
                _ => {
                    return Err(ConditionError {
                        offset: at,
                        reason: "'=' is not an operator; compare with '==', '>=', '<=', '>' or '<'".into(),
                    })
                }
            };
            tokens.push((at, Token::Op(op)));
        } else {
            return Err(ConditionError {
                offset: at,
                reason: format!("unexpected character '{c}'"),
            });
        }
    }
    Ok(tokens)
}

struct Parser {
    tokens: Vec<(usize, Token)>,
    pos: usize,
    end: usize,
}

impl Parser {
    fn peek(&self) -> Option<&(usize, Token)> {
        self.tokens.get(self.pos)
    }

    fn offset(&self) -> usize {
        self.peek().map_or(self.end, |(at, _)| *at)
    }

    fn error(&self, reason: String) -> ConditionError {
        ConditionError {
            offset: self.offset(),
            reason,
        }
    }

    fn eat_word(&mut self, word: &str) -> bool {
        let found = matches!(self.peek(), Some((_, Token::Word(w))) if w == word);
        if found {
            self.pos += 1;
        }
        found
    }

    fn or_expr(&mut self) -> Result<Condition, ConditionError> {
        let mut parts = vec![self.and_expr()?];
        while self.eat_word("or") {
            parts.push(self.and_expr()?);
        }
        Ok(if parts.len() == 1 {
            parts.remove(0)
        } else {
            Condition::Any(parts)
        })
    }

    fn and_expr(&mut self) -> Result<Condition, ConditionError> {
        let mut parts = vec![self.unary()?];
        while self.eat_word("and") {
            parts.push(self.unary()?);
        }
        Ok(if parts.len() == 1 {
            parts.remove(0)
        } else {
            Condition::All(parts)
        })
    }

    fn unary(&mut self) -> Result<Condition, ConditionError> {
        let Some((_, token)) = self.peek().cloned() else {
            return Err(self.error("the condition ends where a fact, 'age', 'not' or '(' was expected".into()));
        };
        match token {
            Token::Open => {
                self.pos += 1;
                let inner = self.or_expr()?;
                if !matches!(self.peek(), Some((_, Token::Close))) {
                    return Err(self.error(format!("expected ')' but found {}", describe(self.peek()))));
                }
                self.pos += 1;
                Ok(inner)
            }
            Token::Word(word) => match word.as_str() {
                "not" => {
                    self.pos += 1;
                    Ok(Condition::Not(Box::new(self.unary()?)))
                }
                "true" | "false" => {
                    self.pos += 1;
                    Ok(Condition::Const(word == "true"))
                }
                "age" => {
                    self.pos += 1;
                    let cmp = match self.peek() {
                        Some((_, Token::Op(">="))) => AgeCmp::AtLeast,
                        Some((_, Token::Op(">"))) => AgeCmp::Above,
                        Some((_, Token::Op("<="))) => AgeCmp::AtMost,
                        Some((_, Token::Op("<"))) => AgeCmp::Below,
                        Some((_, Token::Op("=="))) => AgeCmp::Equal,
                        other => {
                            return Err(self.error(format!(
                                "'age' must be followed by >=, >, <=, < or == and a number, found {}",
                                describe(other)
                            )))
                        }
                    };
                    self.pos += 1;
                    let Some((_, Token::Number(n))) = self.peek().cloned() else {
                        return Err(self.error(format!("expected a number of years, found {}", describe(self.peek()))));
                    };
                    self.pos += 1;
                    Ok(Condition::Age(cmp, n))
                }
                "and" | "or" => Err(self.error(format!("'{word}' needs a condition on its left"))),
                name => match Fact::parse_code(name) {
                    Some(fact) => {
                        self.pos += 1;
                        Ok(Condition::Fact(fact))
                    }
                    None => Err(self.error(format!("unknown fact '{name}'"))),
                },
            },
            Token::Number(_) | Token::Op(_) | Token::Close => Err(self.error(format!(
                "expected a fact, 'age', 'not' or '(' but found {}",
                describe(self.peek())
            ))),
        }
    }
}

impl Condition {
    /// Parses a condition; the error names the first problem and where it is.
    pub fn parse(text: &str) -> Result<Condition, ConditionError> {
        let mut parser = Parser {
            tokens: tokenize(text)?,
            pos: 0,
            end: text.len(),
        };
        let condition = parser.or_expr()?;
        if parser.peek().is_some() {
            return Err(parser.error(format!(
                "expected 'and', 'or' or the end, found {}",
                describe(parser.peek())
            )));
        }
        Ok(condition)
    }

    /// Whether the condition holds for `facts` at age `age`.
    pub fn eval(&self, facts: &ElderFacts, age: u32) -> bool {
        match self {
            Condition::Const(b) => *b,
            Condition::Fact(f) => facts.holds(*f),
            Condition::Age(cmp, n) => cmp.test(age, *n),
            Condition::Not(c) => !c.eval(facts, age),
            Condition::All(cs) => cs.iter().all(|c| c.eval(facts, age)),
            Condition::Any(cs) => cs.iter().any(|c| c.eval(facts, age)),
        }
    }

    /// The part of the condition that made it hold: the first true alternative of a top-level
    /// `or`, else the whole condition. `None` when it does not hold.
    pub fn explain(&self, facts: &ElderFacts, age: u32) -> Option<String> {
        match self {
            Condition::Any(cs) => cs.iter().find(|c| c.eval(facts, age)).map(ToString::to_string),
            c => c.eval(facts, age).then(|| c.to_string()),
        }
    }

    /// Every fact the condition names.
    pub fn facts(&self) -> Vec<Fact> {
        match self {
            Condition::Const(_) | Condition::Age(..) => vec![],
            Condition::Fact(f) => vec![*f],
            Condition::Not(c) => c.facts(),
            Condition::All(cs) | Condition::Any(cs) => cs.iter().flat_map(Condition::facts).collect(),
        }
    }
}

impl fmt::Display for Condition {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fn joined(f: &mut fmt::Formatter<'_>, parts: &[Condition], sep: &str, parent_and: bool) -> fmt::Result {
            for (i, part) in parts.iter().enumerate() {
                if i > 0 {
                    write!(f, " {sep} ")?;
                }
                let wrap = matches!(part, Condition::Any(_)) && parent_and;
                if wrap {
                    write!(f, "({part})")?;
                } else {
                    write!(f, "{part}")?;
                }
            }
            Ok(())
        }
        match self {
            Condition::Const(b) => write!(f, "{b}"),
            Condition::Fact(fact) => f.write_str(fact.as_str()),
            Condition::Age(cmp, n) => write!(f, "age {} {n}", cmp.symbol()),
            Condition::Not(c) => match **c {
                Condition::All(_) | Condition::Any(_) => write!(f, "not ({c})"),
                _ => write!(f, "not {c}"),
            },
            Condition::All(cs) => joined(f, cs, "and", true),
            Condition::Any(cs) => joined(f, cs, "or", false),
        }
    }
}

impl Condition {
    /// 条件说明 — the condition in words, for the people who read the pack on screen
    /// (`失能（任一失能等级） 或 年满 80 周岁且独居`): facts by their Chinese names, `且` for `and`,
    /// `或` for `or`, an `或`-group inside an `且` in brackets, as [`Display`](fmt::Display)
    /// brackets it.
    pub fn words_zh(&self) -> String {
        fn joined(parts: &[Condition], sep: &str, parent_and: bool) -> String {
            parts
                .iter()
                .map(|part| match part {
                    Condition::Any(_) if parent_and => format!("（{}）", part.words_zh()),
                    _ => part.words_zh(),
                })
                .collect::<Vec<_>>()
                .join(sep)
        }
        match self {
            Condition::Const(true) => "所有老人".to_string(),
            Condition::Const(false) => "无".to_string(),
            Condition::Fact(fact) => fact.label_zh().to_string(),
            Condition::Age(cmp, n) => match cmp {
                AgeCmp::AtLeast => format!("年满 {n} 周岁"),
                AgeCmp::Above => format!("超过 {n} 周岁"),
                AgeCmp::AtMost => format!("不超过 {n} 周岁"),
                AgeCmp::Below => format!("不满 {n} 周岁"),
                AgeCmp::Equal => format!("{n} 周岁"),
            },
            Condition::Not(c) => match **c {
                Condition::All(_) | Condition::Any(_) => format!("并非（{}）", c.words_zh()),
                _ => format!("非{}", c.words_zh()),
            },
            Condition::All(cs) => joined(cs, "且", true),
            Condition::Any(cs) => joined(cs, " 或 ", false),
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crate::domain::policy::facts::tests::d;
    use proptest::prelude::*;

    fn facts(names: &[&str]) -> ElderFacts {
        ElderFacts::new(d("1950-01-01"), names.iter().map(|n| Fact::parse_code(n).unwrap()))
    }

    fn err(text: &str) -> (usize, String) {
        let e = Condition::parse(text).unwrap_err();
        (e.offset, e.reason)
    }

    #[test]
    fn and_binds_tighter_than_or() {
        let c = Condition::parse("impaired or age >= 80 and living_alone").unwrap();
        assert_eq!(c.to_string(), "impaired or age >= 80 and living_alone");
        assert!(c.eval(&facts(&["impaired"]), 70));
        assert!(!c.eval(&facts(&["living_alone"]), 79));
        assert!(c.eval(&facts(&["living_alone"]), 80));
        assert!(!c.eval(&facts(&[]), 95));
    }

    #[test]
    fn parentheses_and_not() {
        let c = Condition::parse("(empty_nest or living_alone) and not (urban or impaired)").unwrap();
        assert_eq!(
            c.to_string(),
            "(empty_nest or living_alone) and not (urban or impaired)"
        );
        assert!(c.eval(&facts(&["empty_nest", "rural"]), 70));
        assert!(!c.eval(&facts(&["empty_nest", "urban"]), 70));
        assert!(!c.eval(&facts(&["rural"]), 70));
    }

    #[test]
    fn every_age_operator() {
        let at = |text: &str, age| Condition::parse(text).unwrap().eval(&facts(&[]), age);
        assert!(at("age >= 80", 80) && !at("age >= 80", 79));
        assert!(at("age > 80", 81) && !at("age > 80", 80));
        assert!(at("age <= 79", 79) && !at("age <= 79", 80));
        assert!(at("age < 80", 79) && !at("age < 80", 80));
        assert!(at("age == 60", 60) && !at("age == 60", 61));
        assert!(at("true", 60) && !at("false", 60));
    }

    #[test]
    fn explain_names_the_alternative_that_held() {
        let c = Condition::parse("impaired or (age >= 80 and living_alone) or severe_disability").unwrap();
        assert_eq!(
            c.explain(&facts(&["living_alone", "severe_disability"]), 85).as_deref(),
            Some("age >= 80 and living_alone")
        );
        assert_eq!(c.explain(&facts(&["living_alone"]), 79), None);
        assert_eq!(
            Condition::parse("true").unwrap().explain(&facts(&[]), 60).as_deref(),
            Some("true")
        );
    }

    #[test]
    fn errors_say_what_and_where() {
        assert_eq!(
            err("impaired or livng_alone"),
            (12, "unknown fact 'livng_alone'".into())
        );
        assert_eq!(
            err("impaired or"),
            (
                11,
                "the condition ends where a fact, 'age', 'not' or '(' was expected".into()
            )
        );
        assert_eq!(
            err("(impaired"),
            (9, "expected ')' but found the end of the condition".into())
        );
        assert_eq!(
            err("age = 80"),
            (
                4,
                "'=' is not an operator; compare with '==', '>=', '<=', '>' or '<'".into()
            )
        );
        assert_eq!(err("age >= old"), (7, "expected a number of years, found 'old'".into()));
        assert_eq!(
            err("age 80"),
            (
                4,
                "'age' must be followed by >=, >, <=, < or == and a number, found '80'".into()
            )
        );
        assert_eq!(
            err("impaired living_alone"),
            (9, "expected 'and', 'or' or the end, found 'living_alone'".into())
        );
        assert_eq!(err("and impaired"), (0, "'and' needs a condition on its left".into()));
        assert_eq!(err("impaired && dementia"), (9, "unexpected character '&'".into()));
        assert_eq!(
            err(""),
            (
                0,
                "the condition ends where a fact, 'age', 'not' or '(' was expected".into()
            )
        );
        assert_eq!(err("失能"), (0, "unexpected character '失'".into()));
    }

    fn condition() -> impl Strategy<Value = Condition> {
        let leaf = prop_oneof![
            any::<bool>().prop_map(Condition::Const),
            proptest::sample::select(Fact::ALL).prop_map(Condition::Fact),
            (60u32..100).prop_map(|n| Condition::Age(AgeCmp::AtLeast, n)),
            (60u32..100).prop_map(|n| Condition::Age(AgeCmp::Below, n)),
        ];
        leaf.prop_recursive(4, 24, 3, |inner| {
            prop_oneof![
                inner.clone().prop_map(|c| Condition::Not(Box::new(c))),
                proptest::collection::vec(inner.clone(), 2..4).prop_map(Condition::All),
                proptest::collection::vec(inner, 2..4).prop_map(Condition::Any),
            ]
        })
    }

    proptest! {
        #[test]
        fn display_parses_back_to_an_equivalent_condition(
            c in condition(),
            held in proptest::sample::subsequence(Fact::ALL, 0..6),
            age in 60u32..100,
        ) {
            let text = c.to_string();
            let reparsed = Condition::parse(&text).unwrap();
            let f = ElderFacts::new(d("1950-01-01"), held);
            prop_assert_eq!(reparsed.eval(&f, age), c.eval(&f, age), "{}", text);
            prop_assert_eq!(reparsed.to_string(), text);
        }
    }

    #[test]
    fn a_condition_reads_in_words_with_no_code_left() {
        let words = |text: &str| Condition::parse(text).unwrap().words_zh();
        assert_eq!(
            words("impaired or serious_illness or age >= 80"),
            "失能（任一失能等级） 或 重病 或 年满 80 周岁"
        );
        assert_eq!(
            words("living_alone and (age >= 70 or rural) and not lives_with_spouse"),
            "独居且（年满 70 周岁 或 农村）且非与配偶同住"
        );
        assert_eq!(words("not (rural and age < 60)"), "并非（农村且不满 60 周岁）");
        // Every fact a pack may name reads in Chinese: no code is left in the words.
        for fact in Fact::ALL {
            let text = words(fact.as_str());
            assert!(!text.chars().any(|c| c.is_ascii_alphabetic()), "{fact:?}: {text}");
        }
    }
}
