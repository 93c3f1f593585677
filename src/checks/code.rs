//! The check codes and severities. Codes are part of the contract: scripts,
//! `[checks]` tables and `--deny/--warn/--allow` name them, so a code is
//! never renamed or reused.

use crate::inventory::keyword_enum;

keyword_enum! {
    /// How much a finding matters. `allow` silences a code.
    Severity {
        Allow = "allow",
        Info = "info",
        Warn = "warn",
        Error = "error",
    }
}

keyword_enum! {
    /// Every check linger runs; `docs/checks.md` has a heading for each.
    Code {
        RequestOverdue = "request-overdue",
        ResponseOverdue = "response-overdue",
        DeletionRefused = "deletion-refused",
        RetentionUnverified = "retention-unverified",
        NoPrivacyContact = "no-privacy-contact",
        NoEvidence = "no-evidence",
        EvidenceMissing = "evidence-missing",
        DataUnknown = "data-unknown",
        UnknownCategory = "unknown-category",
        NoCanary = "no-canary",
        DuplicateDomain = "duplicate-domain",
        DueSoon = "due-soon",
        UnsupportedCountry = "unsupported-country",
        SuspiciousText = "suspicious-text",
    }
}

impl Code {
    pub fn default_severity(self) -> Severity {
        match self {
            Code::RequestOverdue
            | Code::ResponseOverdue
            | Code::DeletionRefused
            | Code::EvidenceMissing => Severity::Error,
            Code::RetentionUnverified
            | Code::NoPrivacyContact
            | Code::NoEvidence
            | Code::DataUnknown
            | Code::UnknownCategory
            | Code::DuplicateDomain
            | Code::UnsupportedCountry
            | Code::SuspiciousText => Severity::Warn,
            Code::NoCanary | Code::DueSoon => Severity::Info,
        }
    }

    /// One line on what fires the check, for `--help` and the docs test.
    pub fn summary(self) -> &'static str {
        match self {
            Code::RequestOverdue => "a retired vendor was not asked to delete in time",
            Code::ResponseOverdue => "a vendor has not answered a deletion request in time",
            Code::DeletionRefused => "a vendor refused to delete",
            Code::RetentionUnverified => {
                "the vendor's own retention period passed; deletion unconfirmed"
            }
            Code::NoPrivacyContact => "a vendor that holds data has no privacy_email",
            Code::NoEvidence => "a confirmed deletion has no evidence",
            Code::EvidenceMissing => "an evidence path does not exist",
            Code::DataUnknown => "a vendor does not say what data it holds",
            Code::UnknownCategory => "a data category outside the built-in taxonomy",
            Code::NoCanary => "a vendor holds e-mail addresses but has no canary address",
            Code::DuplicateDomain => "two vendors share a website host",
            Code::DueSoon => "a deadline falls within the next 7 days",
            Code::UnsupportedCountry => "linger has no holiday calendar for `organization.country`",
            Code::SuspiciousText => {
                "a name holds invisible or text-reversing characters that disguise it"
            }
        }
    }
}

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
