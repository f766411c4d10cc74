//! Yew components, one per file. `App` owns the reducer and the hooks; every other
//! component gets data and `Callback`s through props.

pub mod app;
pub mod backrefs_graph;
pub mod controls;
pub mod diagram;
pub mod editor;
pub mod inspector;
pub mod lesson_panel;
pub mod line_profile;
pub mod memory_chart;
pub mod memory_text;
pub mod narration;
pub mod object_box;
pub mod output;
pub mod question_card;
pub mod share_link;
pub mod shortcut_help;
pub mod status;
pub mod timeline;
pub mod types_growth;
pub mod view_switch;

#[cfg(test)]
mod tests;
