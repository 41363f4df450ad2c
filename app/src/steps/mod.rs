//! One module per page of the form.

pub mod check_receipt;
pub mod companions;
pub mod contact;
pub mod document;
pub mod mrz_scan;
pub mod personal;
pub mod receipt;
pub mod review;
pub mod start;
pub mod trip;
