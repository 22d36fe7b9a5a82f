//! The leaf components, one per file, each with typed props and callbacks going up to the root.

pub mod certificate_card;
pub mod certificates;
pub mod claims_table;
pub mod copy_button;
pub mod example_menu;
pub mod export_panel;
pub mod finding_card;
pub mod findings;
pub mod input_chips;
pub mod input_panel;
pub mod message_card;
pub mod messages;
pub mod no_problems;
pub mod notice;
pub mod profile_editor;
pub mod rich_text;
pub mod rule_doc;
pub mod signature_panel;
pub mod status;
pub mod time_selector;
pub mod timeline;
pub mod verdict;
pub mod xml_view;
