//! The inventory file: its model, loading with diagnostics, and discovery.
//! Editing lives in `edit` (toml_edit, atomic, locked).

mod discover;
pub mod edit;
mod evidence;
mod fields;
pub mod inside;
pub mod kept;
mod load;
pub mod merge;
mod model;
mod read_incident;
mod source;
pub mod store;
pub mod time_zone;
mod values;
mod vendor;

pub use discover::{FILE_NAME, locate};
pub use evidence::Named;
pub use load::{SCHEMA, is_loopback, parse, parse_vendor};
pub use model::{
    Attachment, Authority, CanaryMail, CanarySender, Event, EventKind, Imap, Inventory, Language,
    Law, Located, MailAuth, NoSuchVendor, Organization, Policy, QUESTION_NOTE, Security, Smtp,
    Span, Vendor,
};
pub use model::{Incident, IncidentEvent, IncidentEventKind, IncidentVendor, Party, Risk, When};
pub use source::{
    Source, not_text, open_regular, read_file, read_file_upto, sha256_bytes, sha256_file,
};
pub use values::{is_valid_id, website_host};
pub use vendor::is_message_id;
