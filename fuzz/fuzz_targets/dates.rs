//! The date and fiscal-year parser: `scan` ranges are non-empty, on char boundaries and
//! increasing; whatever `parse` accepts has a fiscal year, and its calendar date an ISO form that parses back.
#![no_main]

use libfuzzer_sys::fuzz_target;
use seisaku::ingest::dates::{parse, scan};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    if let Some(date) = parse(text) {
        let _ = date.fiscal_year();
        if let Some(iso) = date.to_date() {
            assert_eq!(iso.to_string().parse::<seisaku::model::Date>(), Ok(iso), "{date:?}");
        }
    }
    let mut end = 0;
    for found in scan(text) {
        assert!(found.start >= end && found.start < found.end && found.end <= text.len(), "{found:?}");
        assert!(text.is_char_boundary(found.start) && text.is_char_boundary(found.end));
        end = found.end;
    }
});
