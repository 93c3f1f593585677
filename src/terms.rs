//! The words every layer shares, in a leaf module that depends on nothing
//! of linger's: the severities and check codes (which findings, load
//! warnings, `[checks]` tables and the command line name), byte spans into
//! the inventory, the range of dates linger accepts, and the macro that
//! makes keyword enums. The rest of linger depends on this, never the
//! other way round.
//!
//! Codes are part of the contract: scripts, `[checks]` tables and
//! `--deny/--warn/--allow` name them, so a code is never renamed or reused.

use std::ops::{Range, RangeInclusive};

use chrono::NaiveDate;

/// A byte range in the inventory's text.
pub type Span = Range<usize>;

/// The dates linger accepts anywhere (flags, environment, file): 1900-01-01
/// to 9999-12-31. Enough for any inventory, and far enough from the ends of
/// the calendar that no deadline arithmetic or date header overflows.
pub fn accepted_dates() -> RangeInclusive<NaiveDate> {
    NaiveDate::from_ymd_opt(1900, 1, 1).unwrap_or(NaiveDate::MIN)
        ..=NaiveDate::from_ymd_opt(9999, 12, 31).unwrap_or(NaiveDate::MAX)
}

/// An enum of keywords as the inventory and the command line write them,
/// with `ALL`, `as_str`, `parse`, `names`, `Display` and `Serialize`.
macro_rules! keyword_enum {
    ($(#[$meta:meta])* $name:ident { $($variant:ident = $text:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum $name { $($variant),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),+ }
            }

            pub fn parse(text: &str) -> Option<Self> {
                match text { $($text => Some($name::$variant),)+ _ => None }
            }

            pub fn names() -> Vec<&'static str> {
                Self::ALL.iter().map(|v| v.as_str()).collect()
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.pad(self.as_str())
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }
    };
}
pub(crate) use keyword_enum;

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
        EvidenceChanged = "evidence-changed",
        ContactBounced = "contact-bounced",
        VendorAsked = "vendor-asked",
        DataUnknown = "data-unknown",
        UnknownCategory = "unknown-category",
        NoCanary = "no-canary",
        DuplicateDomain = "duplicate-domain",
        DueSoon = "due-soon",
        UnsupportedCountry = "unsupported-country",
        SuspiciousText = "suspicious-text",
        SubjectsMissing = "subjects-missing",
        SubjectsDamaged = "subjects-damaged",
        VendorBreached = "vendor-breached",
        VendorVanished = "vendor-vanished",
        VendorDomainReregistered = "vendor-domain-reregistered",
        LookalikeRegistered = "lookalike-registered",
        OnlineCheckFailed = "online-check-failed",
        StarterPlaceholder = "starter-placeholder",
        DeletionUnverified = "deletion-unverified",
        DeletionContradicted = "deletion-contradicted",
        CanaryLeaked = "canary-leaked",
        RetiredVendorInUse = "retired-vendor-in-use",
        RetiredVendorGrant = "retired-vendor-grant",
        UnlistedApp = "unlisted-app",
        BreachNotificationDue = "breach-notification-due",
        PeopleNotificationDue = "people-notification-due",
        TakedownPending = "takedown-pending",
        IncidentOpen = "incident-open",
        TakedownObserved = "takedown-observed",
    }
}

impl Code {
    pub fn default_severity(self) -> Severity {
        match self {
            Code::RequestOverdue
            | Code::ResponseOverdue
            | Code::DeletionRefused
            | Code::EvidenceMissing
            | Code::EvidenceChanged
            | Code::ContactBounced
            | Code::SubjectsDamaged
            | Code::VendorBreached
            | Code::VendorDomainReregistered
            | Code::StarterPlaceholder
            | Code::DeletionContradicted
            | Code::CanaryLeaked => Severity::Error,
            | Code::RetiredVendorInUse
            | Code::RetiredVendorGrant => Severity::Error,
            Code::RetentionUnverified
            | Code::NoPrivacyContact
            | Code::NoEvidence
            | Code::DataUnknown
            | Code::UnknownCategory
            | Code::DuplicateDomain
            | Code::UnsupportedCountry
            | Code::SuspiciousText
            | Code::VendorVanished
            | Code::LookalikeRegistered
            | Code::OnlineCheckFailed
            | Code::DeletionUnverified
            | Code::UnlistedApp
            // The vendor waits for us: nothing moves until we answer.
            | Code::VendorAsked => Severity::Warn,
            // Errors under 24 hours and once passed (`checks::incident`).
            Code::BreachNotificationDue
            | Code::PeopleNotificationDue
            | Code::TakedownPending => Severity::Warn,
            Code::IncidentOpen => Severity::Info,
            Code::TakedownObserved => Severity::Info,
            Code::NoCanary | Code::DueSoon | Code::SubjectsMissing => Severity::Info,
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
            Code::EvidenceChanged => "an evidence file no longer has the SHA-256 recorded with it",
            Code::ContactBounced => "the last letter to a vendor bounced: it never arrived",
            Code::VendorAsked => {
                "a vendor asked a question before it acts, and nothing happened since"
            }
            Code::DataUnknown => "a vendor does not say what data it holds",
            Code::UnknownCategory => "a data category outside the built-in taxonomy",
            Code::NoCanary => "a vendor holds e-mail addresses but has no canary address",
            Code::DuplicateDomain => "two vendors share a website host",
            Code::DueSoon => "a deadline falls within the next 7 days",
            Code::UnsupportedCountry => "linger has no holiday calendar for `organization.country`",
            Code::SuspiciousText => {
                "a name holds invisible or text-reversing characters that disguise it"
            }
            Code::SubjectsMissing => {
                "a vendor holds contact data but has neither a subject set nor a canary"
            }
            Code::SubjectsDamaged => {
                "a vendor's subject set is empty, damaged, not a file, or made with another key"
            }
            Code::VendorBreached => "(--online) a vendor's domain is in a known breach",
            Code::VendorVanished => {
                "(--online) a vendor's domain no longer resolves, or its website redirects away"
            }
            Code::VendorDomainReregistered => {
                "(--online) a vendor's domain was registered after we started using it, or is free"
            }
            Code::LookalikeRegistered => {
                "(--online) a lookalike of our domain exists; an error when registered in the last 30 days"
            }
            Code::OnlineCheckFailed => "(--online) a source could not be asked",
            Code::StarterPlaceholder => {
                "an organization field letters carry still holds the `linger init` placeholder"
            }
            Code::DeletionUnverified => {
                "a vendor with a canary confirmed deletion `verify_after_days` ago; nobody checked since"
            }
            Code::DeletionContradicted => {
                "a vendor mailed its canary after it confirmed the deletion"
            }
            Code::CanaryLeaked => "someone other than the vendor mailed the vendor's canary",
            Code::RetiredVendorInUse => {
                "(--logins) people signed in to a retired vendor after its retired_on"
            }
            Code::RetiredVendorGrant => {
                "(--logins) a retired vendor still holds an OAuth grant into our accounts"
            }
            Code::UnlistedApp => {
                "(--logins) an application signed in to in the last 90 days that no vendor is"
            }
            Code::BreachNotificationDue => {
                "an incident's notification to the authority is due; an error under 24 hours and once passed"
            }
            Code::PeopleNotificationDue => {
                "an incident's notice to the people affected is due (a high risk, or the law's own rule)"
            }
            Code::TakedownPending => {
                "a reported phishing domain or sender is not down `takedown_days` after the report"
            }
            Code::IncidentOpen => "an incident is open until its `closed` event",
            Code::TakedownObserved => {
                "(--online) a reported phishing domain is gone (NXDOMAIN, no address, or held or deleted at the registry): record `acted`"
            }
        }
    }
}
