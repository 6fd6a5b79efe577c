//! Reading order from geometry: a page's boxed lines ([`bbox::Page`]) become text lines in the
//! order a reader takes them.
//!
//! - **Vertical writing** (縦書き): when most lines are single glyphs stacked one under the other,
//!   glyphs are gathered into columns, read top to bottom, columns right to left; a band of the
//!   page that no glyph crosses starts a new tier (段), read after the one above.
//! - **Two columns**: when an x position near the middle of the page has at least three lines
//!   wholly on each side, both sides wide (a third of the page; a narrow left side is a table's
//!   label column, not a text column) and the lines crossing it few, the lines crossing it are
//!   full-width headings, captions and footnotes: they stand where they are, and between two of
//!   them the left column is read top to bottom, then the right.
//! - Otherwise (and within each column) lines are read **row by row**: pieces whose boxes share
//!   a row are one line, left to right (so a table's row stays together and a letter-spaced
//!   heading `事 務 連 絡` is one word), rows top to bottom.
//!
//! Pieces of a line are joined without a space, as Japanese is written, except between two
//! ASCII letters or digits, and where a wide gap separates table cells.
//!
//! Limits: more than two text columns are read as two; a figure's labels are read as text.

use super::bbox::{self, Rect};

/// A line of text in reading order, with the box it covers.
#[derive(Debug, Clone, PartialEq)]
pub struct TextLine {
    /// The box.
    pub rect: Rect,
    /// The text (not normalised).
    pub text: String,
}

/// The page's lines in reading order.
pub fn read_page(page: &bbox::Page) -> Vec<TextLine> {
    let pieces: Vec<TextLine> = page
        .lines
        .iter()
        .map(|line| {
            let words: Vec<TextLine> = line
                .words
                .iter()
                .map(|w| TextLine { rect: w.rect, text: w.text.trim().to_owned() })
                .collect();
            join_row(words)
        })
        .filter(|l| !l.text.is_empty())
        .collect();
    if is_vertical(&pieces) {
        return vertical(pieces);
    }
    horizontal(pieces, page.width)
}

/// Lines of horizontal text: two columns with full-width lines between, or rows.
fn horizontal(pieces: Vec<TextLine>, width: f32) -> Vec<TextLine> {
    let Some(gutter) = gutter(&pieces, width) else {
        return rows(pieces);
    };
    let (mut spanning, columns): (Vec<TextLine>, Vec<TextLine>) =
        pieces.into_iter().partition(|p| p.rect.x0 < gutter && p.rect.x1 > gutter);
    spanning.sort_by(|a, b| a.rect.cy().total_cmp(&b.rect.cy()));
    let band = |p: &TextLine| spanning.iter().filter(|s| s.rect.cy() < p.rect.cy()).count();
    let mut bands: Vec<(Vec<TextLine>, Vec<TextLine>)> = vec![(Vec::new(), Vec::new()); spanning.len() + 1];
    for piece in columns {
        let (left, right) = &mut bands[band(&piece)];
        if piece.rect.x1 <= gutter { left.push(piece) } else { right.push(piece) }
    }
    let mut out = Vec::new();
    let mut spanning = spanning.into_iter();
    for (left, right) in bands {
        out.extend(rows(left));
        out.extend(rows(right));
        out.extend(spanning.next());
    }
    out
}

/// The x position of the gutter between two text columns, if the page has two.
fn gutter(pieces: &[TextLine], width: f32) -> Option<f32> {
    if pieces.len() < 6 || width <= 0.0 {
        return None;
    }
    let mut best: Option<(usize, f32, f32)> = None; // (crossing, first x, last x) of the best run
    let mut x = width * 0.3;
    while x <= width * 0.7 {
        let left: Vec<&TextLine> = pieces.iter().filter(|p| p.rect.x1 <= x).collect();
        let right: Vec<&TextLine> = pieces.iter().filter(|p| p.rect.x0 >= x).collect();
        let crossing = pieces.len() - left.len() - right.len();
        let wide = |side: &[&TextLine]| median(side.iter().map(|p| p.rect.width())) >= width / 3.0;
        let side_by_side = |a: &[&TextLine], b: &[&TextLine]| {
            let (top, bottom) = extent(b);
            a.iter().filter(|p| p.rect.cy() > top && p.rect.cy() < bottom).count() >= 3
        };
        let columns = left.len() >= 3
            && right.len() >= 3
            && crossing * 2 <= left.len() + right.len()
            && wide(&left)
            && wide(&right)
            && side_by_side(&left, &right)
            && side_by_side(&right, &left);
        if columns {
            best = match best {
                Some((c, first, _)) if c == crossing => Some((c, first, x)),
                Some((c, ..)) if c < crossing => best,
                _ => Some((crossing, x, x)),
            };
        }
        x += 1.0;
    }
    best.map(|(_, first, last)| (first + last) / 2.0)
}

fn extent(pieces: &[&TextLine]) -> (f32, f32) {
    pieces.iter().fold((f32::MAX, f32::MIN), |(top, bottom), p| (top.min(p.rect.y0), bottom.max(p.rect.y1)))
}

fn median(values: impl Iterator<Item = f32>) -> f32 {
    let mut values: Vec<f32> = values.collect();
    if values.is_empty() {
        return 0.0;
    }
    values.sort_by(f32::total_cmp);
    values[values.len() / 2]
}

/// Pieces grouped into rows (boxes overlapping vertically by half the smaller height), rows top
/// to bottom, each row one line.
fn rows(mut pieces: Vec<TextLine>) -> Vec<TextLine> {
    pieces.sort_by(|a, b| a.rect.y0.total_cmp(&b.rect.y0).then(a.rect.x0.total_cmp(&b.rect.x0)));
    let mut rows: Vec<Vec<TextLine>> = Vec::new();
    for piece in pieces {
        let same_row = rows.last().and_then(|row| row.first()).is_some_and(|first| {
            let overlap = first.rect.y1.min(piece.rect.y1) - first.rect.y0.max(piece.rect.y0);
            overlap >= 0.5 * first.rect.height().min(piece.rect.height())
        });
        match rows.last_mut() {
            Some(row) if same_row => row.push(piece),
            _ => rows.push(vec![piece]),
        }
    }
    rows.into_iter()
        .map(|mut row| {
            row.sort_by(|a, b| a.rect.x0.total_cmp(&b.rect.x0));
            join_row(row)
        })
        .collect()
}

/// Joins pieces left to right into one line (see the module documentation for spaces).
fn join_row(pieces: Vec<TextLine>) -> TextLine {
    let mut out: Option<TextLine> = None;
    let mut previous: Option<TextLine> = None;
    for piece in pieces {
        let line = out.get_or_insert_with(|| TextLine { rect: piece.rect, text: String::new() });
        if let Some(prev) = &previous {
            let gap = piece.rect.x0 - prev.rect.x1;
            let height = prev.rect.height().max(piece.rect.height());
            let ascii = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric());
            let letter_spaced = prev.text.chars().count() == 1 && piece.text.chars().count() == 1;
            let cells = gap > 2.5 * height && !letter_spaced;
            if cells || (ascii(prev.text.chars().last()) && ascii(piece.text.chars().next())) {
                line.text.push(' ');
            }
            line.rect = line.rect.union(&piece.rect);
        }
        line.text.push_str(&piece.text);
        previous = Some(piece);
    }
    out.unwrap_or(TextLine { rect: Rect::default(), text: String::new() })
}

/// True when the page is written vertically: most pieces are single glyphs, and glyphs stand
/// under one another far more often than beside one another.
fn is_vertical(pieces: &[TextLine]) -> bool {
    let glyphs: Vec<&TextLine> = pieces.iter().filter(|p| p.text.chars().count() == 1).collect();
    if glyphs.len() < 10 || glyphs.len() * 10 < pieces.len() * 6 {
        return false;
    }
    let adjacent = |mut glyphs: Vec<&TextLine>, along: fn(&Rect) -> (f32, f32, f32)| {
        // `along` gives (the shared coordinate, start, end) in the reading direction.
        glyphs.sort_by(|a, b| {
            let (ka, sa, _) = along(&a.rect);
            let (kb, sb, _) = along(&b.rect);
            ka.round().total_cmp(&kb.round()).then(sa.total_cmp(&sb))
        });
        glyphs
            .windows(2)
            .filter(|w| {
                let (k0, _, e0) = along(&w[0].rect);
                let (k1, s1, _) = along(&w[1].rect);
                let size = w[0].rect.height().max(w[0].rect.width());
                (k0.round() - k1.round()).abs() < 1.0 && s1 - e0 >= -0.5 * size && s1 - e0 < 0.3 * size
            })
            .count()
    };
    let down = adjacent(glyphs.clone(), |r| (r.cx(), r.y0, r.y1));
    let across = adjacent(glyphs.clone(), |r| (r.cy(), r.x0, r.x1));
    down > 2 * across && down * 2 >= glyphs.len()
}

/// Reads a vertical page: tiers top to bottom, in each tier columns right to left, each column
/// top to bottom; horizontal pieces (a page number) before or after, by where they stand.
fn vertical(pieces: Vec<TextLine>) -> Vec<TextLine> {
    let (glyphs, flat): (Vec<TextLine>, Vec<TextLine>) = pieces
        .into_iter()
        .partition(|p| p.text.chars().count() == 1 || p.rect.height() > 1.5 * p.rect.width());
    let size = median(glyphs.iter().map(|g| g.rect.width().max(g.rect.height()))).max(1.0);
    let mut by_top = glyphs;
    by_top.sort_by(|a, b| a.rect.y0.total_cmp(&b.rect.y0));
    let mut tiers: Vec<Vec<TextLine>> = Vec::new();
    let mut bottom = f32::MIN;
    for glyph in by_top {
        if tiers.is_empty() || glyph.rect.y0 > bottom + 1.5 * size {
            tiers.push(Vec::new());
        }
        bottom = bottom.max(glyph.rect.y1);
        tiers.last_mut().expect("a tier was pushed").push(glyph);
    }
    let top = tiers.first().and_then(|t| t.first()).map_or(f32::MAX, |g| g.rect.y0);
    let (mut before, mut after): (Vec<TextLine>, Vec<TextLine>) =
        flat.into_iter().partition(|p| p.rect.cy() < top);
    before.sort_by(|a, b| a.rect.y0.total_cmp(&b.rect.y0));
    after.sort_by(|a, b| a.rect.y0.total_cmp(&b.rect.y0));
    let mut out = before;
    for mut tier in tiers {
        tier.sort_by(|a, b| b.rect.cx().total_cmp(&a.rect.cx()));
        let mut columns: Vec<Vec<TextLine>> = Vec::new();
        for glyph in tier {
            // Glyphs come sorted by centre: a column ends where the centres jump.
            let same = columns
                .last()
                .and_then(|c| c.last())
                .is_some_and(|last| (last.rect.cx() - glyph.rect.cx()).abs() < 0.5 * size);
            match columns.last_mut() {
                Some(column) if same => column.push(glyph),
                _ => columns.push(vec![glyph]),
            }
        }
        for mut column in columns {
            column.sort_by(|a, b| a.rect.y0.total_cmp(&b.rect.y0));
            let rect = column.iter().skip(1).fold(column[0].rect, |r, g| r.union(&g.rect));
            out.push(TextLine { rect, text: column.into_iter().map(|g| g.text).collect() });
        }
    }
    out.extend(after);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::pdf::bbox::{Line, Page, Word};

    fn line(x0: f32, y0: f32, x1: f32, y1: f32, text: &str) -> Line {
        let rect = Rect { x0, y0, x1, y1 };
        Line { rect, words: vec![Word { rect, text: text.to_owned() }] }
    }

    fn texts(lines: &[TextLine]) -> Vec<&str> {
        lines.iter().map(|l| l.text.as_str()).collect()
    }

    #[test]
    fn two_columns_are_read_one_after_the_other_with_headings_in_place() {
        let mut lines = vec![line(90.0, 40.0, 500.0, 52.0, "見出し")];
        for i in 0..4 {
            let y = 60.0 + 17.0 * i as f32;
            lines.push(line(90.0, y, 300.0, y + 10.0, &format!("左{i}")));
            lines.push(line(320.0, y, 530.0, y + 10.0, &format!("右{i}")));
        }
        lines.push(line(90.0, 200.0, 500.0, 210.0, "脚注"));
        let page = Page { width: 600.0, height: 800.0, lines };
        assert_eq!(
            texts(&read_page(&page)),
            ["見出し", "左0", "左1", "左2", "左3", "右0", "右1", "右2", "右3", "脚注"]
        );
    }

    #[test]
    fn a_table_row_stays_together() {
        let mut lines = Vec::new();
        for i in 0..4 {
            let y = 60.0 + 17.0 * i as f32;
            lines.push(line(90.0, y, 150.0, y + 10.0, &format!("項目{i}")));
            lines.push(line(320.0, y, 530.0, y + 10.0, &format!("説明{i}")));
        }
        let page = Page { width: 600.0, height: 800.0, lines };
        assert_eq!(texts(&read_page(&page)), ["項目0 説明0", "項目1 説明1", "項目2 説明2", "項目3 説明3"]);
    }

    #[test]
    fn letter_spaced_headings_and_numbers_join() {
        let lines = vec![
            line(376.8, 119.0, 388.8, 131.0, "事"),
            line(417.3, 119.0, 429.3, 131.0, "務"),
            line(457.9, 119.0, 469.9, 131.0, "連"),
            line(498.3, 119.0, 510.3, 131.0, "絡"),
            line(85.0, 136.0, 120.0, 148.0, "Mission"),
            line(122.0, 136.0, 128.0, 148.0, "1"),
        ];
        let page = Page { width: 600.0, height: 800.0, lines };
        assert_eq!(texts(&read_page(&page)), ["事務連絡", "Mission 1"]);
    }

    #[test]
    fn vertical_writing_reads_columns_right_to_left() {
        let mut lines = Vec::new();
        for (c, column) in ["一二三四五", "六七八九十", "甲乙丙丁戊"].iter().enumerate() {
            let x = 500.0 - 20.0 * c as f32;
            for (i, ch) in column.chars().enumerate() {
                let y = 100.0 + 15.0 * i as f32;
                lines.push(line(x, y, x + 14.0, y + 14.0, &ch.to_string()));
            }
        }
        lines.push(line(280.0, 780.0, 300.0, 790.0, "- 3 -"));
        let page = Page { width: 600.0, height: 800.0, lines };
        assert_eq!(texts(&read_page(&page)), ["一二三四五", "六七八九十", "甲乙丙丁戊", "- 3 -"]);
    }
}
