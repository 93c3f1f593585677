//! The severity each check code has in a run: its default, then the
//! inventory's `[checks]` table and the command line. The codes themselves
//! live in `crate::terms`.

pub use crate::terms::{Code, Severity};

/// The severity of every code, after the file's `[checks]` table and the
/// command line have had their say (the command line wins).
#[derive(Debug, Clone)]
pub struct Severities {
    levels: [Severity; Code::ALL.len()],
}

impl Default for Severities {
    fn default() -> Self {
        let mut levels = [Severity::Allow; Code::ALL.len()];
        for code in Code::ALL {
            levels[*code as usize] = code.default_severity();
        }
        Self { levels }
    }
}

impl Severities {
    pub fn set(&mut self, code: Code, severity: Severity) {
        self.levels[code as usize] = severity;
    }

    pub fn get(&self, code: Code) -> Severity {
        self.levels[code as usize]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn codes_are_unique_and_kebab_case() {
        let mut seen = HashSet::new();
        for code in Code::ALL {
            let name = code.as_str();
            assert!(seen.insert(name), "{name} appears twice");
            assert!(
                name.chars().all(|c| c.is_ascii_lowercase() || c == '-'),
                "{name} is not kebab-case"
            );
            assert_eq!(Code::parse(name), Some(*code));
        }
    }

    #[test]
    fn severity_overrides_apply_per_code() {
        let mut s = Severities::default();
        assert_eq!(s.get(Code::NoCanary), Severity::Info);
        s.set(Code::NoCanary, Severity::Error);
        assert_eq!(s.get(Code::NoCanary), Severity::Error);
        assert_eq!(s.get(Code::DueSoon), Severity::Info);
    }
}
