//! The harness of the test tiers (`tests/tier/`): a present prerequisite runs the cases, a
//! missing one reports them as ignored with the reason (and fails them when they are run
//! anyway), and the tier's switch turns a missing prerequisite into failures.
// Test code: a panic is a failed test.
#![allow(clippy::unwrap_used, clippy::panic)]

mod tier;

use libtest_mimic::{Arguments, Conclusion};
use tier::{Case, Missing, Prerequisite};

fn passes() {}

fn fails() {
    panic!("this case fails");
}

const CASES: &[Case] = tier::cases![passes, fails];

fn present() -> Result<(), Missing> {
    Ok(())
}

fn absent() -> Result<(), Missing> {
    Err(Missing {
        what: "a widget".into(),
        why: "widgetd is not installed (apt-get install widgetd)".into(),
    })
}

const SWITCH: &str = "ISO18013_TIER_HARNESS_TEST_REQUIRED";

fn tier(check: fn() -> Result<(), Missing>) -> Prerequisite {
    Prerequisite {
        name: "widget",
        env_switch: SWITCH,
        check,
    }
}

/// Runs the trials on one thread, with `ignored` as `--ignored` would set it; the report
/// goes to `log` in the target's temporary directory (not to stdout, where its summary
/// line would count as this binary's).
fn run(check: fn() -> Result<(), Missing>, required: bool, ignored: bool, log: &str) -> Conclusion {
    let prerequisite = tier(check);
    let (trials, _) = tier::trials_for(check(), &prerequisite, required, CASES);
    let args = Arguments {
        ignored,
        test_threads: Some(1),
        logfile: Some(format!(
            "{}/tier_harness_{log}.log",
            env!("CARGO_TARGET_TMPDIR")
        )),
        ..Arguments::default()
    };
    libtest_mimic::run(&args, trials)
}

fn counts(c: &Conclusion) -> (u64, u64, u64) {
    (c.num_passed, c.num_failed, c.num_ignored)
}

#[test]
fn the_cases_are_named_after_their_functions() {
    let names: Vec<&str> = CASES.iter().map(|(name, _)| *name).collect();
    assert_eq!(names, ["passes", "fails"]);
}

#[test]
fn a_present_prerequisite_runs_every_case() {
    let prerequisite = tier(present);
    let (trials, notice) = tier::trials_for(present(), &prerequisite, false, CASES);
    assert!(notice.is_none());
    assert!(
        trials
            .iter()
            .all(|t| !t.has_ignored_flag() && t.kind().is_empty())
    );
    assert_eq!(counts(&run(present, false, false, "run1")), (1, 1, 0));
    assert_eq!(counts(&run(present, true, false, "run2")), (1, 1, 0));
}

#[test]
fn a_missing_prerequisite_ignores_every_case_with_the_reason() {
    let prerequisite = tier(absent);
    let (trials, notice) = tier::trials_for(absent(), &prerequisite, false, CASES);
    let notice = notice.unwrap();
    assert!(notice.contains("widgetd is not installed"), "{notice}");
    assert!(notice.contains(SWITCH), "{notice}");
    for t in &trials {
        assert!(t.has_ignored_flag(), "{}", t.name());
        assert_eq!(t.kind(), "needs a widget");
    }
    assert_eq!(counts(&run(absent, false, false, "run3")), (0, 0, 2));
}

#[test]
fn ignored_cases_run_anyway_fail_with_the_reason() {
    // `--ignored`: the bodies are not called (the prerequisite is missing), so even the one
    // that would pass fails, with the reason.
    assert_eq!(counts(&run(absent, false, true, "run4")), (0, 2, 0));
    let log = std::fs::read_to_string(format!(
        "{}/tier_harness_run4.log",
        env!("CARGO_TARGET_TMPDIR")
    ))
    .unwrap();
    assert!(log.contains("not run: widgetd is not installed"), "{log}");
}

#[test]
fn the_switch_turns_a_missing_prerequisite_into_failures() {
    let prerequisite = tier(absent);
    let (trials, notice) = tier::trials_for(absent(), &prerequisite, true, CASES);
    assert!(notice.unwrap().contains(&format!("{SWITCH}=1 but")));
    assert!(trials.iter().all(|t| !t.has_ignored_flag()));
    assert_eq!(counts(&run(absent, true, false, "run5")), (0, 2, 0));
}

#[test]
fn the_switch_is_off_unless_set_to_1() {
    assert!(!tier(present).required());
}
