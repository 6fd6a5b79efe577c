//! The association measure of discovery: Dunning's log-likelihood ratio G² over a 2×2 table of
//! term occurrences, signed so that only over-represented terms score above zero.
//!
//! For a term, the table counts term occurrences: of this term and of all other terms, in the
//! foreground and in the background. G² = 2 Σ O ln(O / E) over its four cells (E: the count
//! expected if the term were spread evenly). Unlike a ratio of frequencies, G² needs no smoothing
//! and does not favour rare terms (Dunning 1993, "Accurate Methods for the Statistics of Surprise
//! and Coincidence"; the keyness statistic of corpus linguistics, Rayson & Garside 2000).
//! Occurrences rather than passages: a foreground of one passage (a rare query) still ranks its
//! terms by how often it uses them.

/// Name of the measure, as responses report it.
pub const MEASURE: &str =
    "log-likelihood G² over term occurrences (Dunning 1993), over-represented terms only";

/// `x ln x`, with `0 ln 0 = 0`.
fn x_ln_x(x: f64) -> f64 {
    if x > 0.0 { x * x.ln() } else { 0.0 }
}

/// G² of a term making `fg_with` of the `fg_total` term occurrences of the foreground and
/// `bg_with` of the `bg_total` of the background; 0 when it is not more frequent in the
/// foreground.
pub fn log_likelihood(fg_with: u64, fg_total: u64, bg_with: u64, bg_total: u64) -> f64 {
    if fg_total == 0 || bg_total == 0 {
        return 0.0;
    }
    let (a, b) = (fg_with as f64, bg_with as f64);
    let (c, d) = ((fg_total.saturating_sub(fg_with)) as f64, (bg_total.saturating_sub(bg_with)) as f64);
    if a / fg_total as f64 <= b / bg_total as f64 {
        return 0.0;
    }
    let n = a + b + c + d;
    // 2 (Σ cells x ln x − Σ rows x ln x − Σ columns x ln x + n ln n)
    let cells = x_ln_x(a) + x_ln_x(b) + x_ln_x(c) + x_ln_x(d);
    let rows = x_ln_x(a + b) + x_ln_x(c + d);
    let columns = x_ln_x(a + c) + x_ln_x(b + d);
    (2.0 * (cells - rows - columns + x_ln_x(n))).max(0.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_a_worked_example() {
        // Table [[10, 20], [90, 880]]: G² computed cell by cell as 2 Σ O ln(O/E).
        let (a, b, c, d) = (10.0f64, 20.0, 90.0, 880.0);
        let n = a + b + c + d;
        let expected = |o: f64, row: f64, col: f64| o * (o / (row * col / n)).ln();
        let g2 = 2.0
            * (expected(a, a + b, a + c)
                + expected(b, a + b, b + d)
                + expected(c, c + d, a + c)
                + expected(d, c + d, b + d));
        assert!((log_likelihood(10, 100, 20, 900) - g2).abs() < 1e-9, "{g2}");
    }

    #[test]
    fn only_over_represented_terms_score() {
        assert_eq!(log_likelihood(1, 100, 50, 100), 0.0);
        assert_eq!(log_likelihood(5, 100, 5, 100), 0.0);
        assert!(log_likelihood(50, 100, 1, 100) > 50.0);
        assert_eq!(log_likelihood(3, 0, 1, 10), 0.0);
    }

    #[test]
    fn more_evidence_scores_higher() {
        assert!(log_likelihood(40, 1000, 4, 10_000) > log_likelihood(4, 100, 4, 10_000));
    }
}
