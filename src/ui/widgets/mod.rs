//! Pieces drawn on every screen, and the inputs the screens share.

pub mod footer;
pub mod form;
pub mod form_view;
pub mod header;
pub mod help;
pub mod identity;
pub mod input;
pub mod picker;
pub mod screen_list;
