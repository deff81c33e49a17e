//! Unit tests of the pure set planner.

use super::*;

fn md5(n: u8) -> Md5 {
    Md5::of(&[n])
}

fn remote(id: &str, n: u8, state: RemoteState) -> RemoteScreenshot {
    RemoteScreenshot {
        id: id.into(),
        file_name: format!("{id}.png"),
        md5: Some(md5(n)),
        state,
    }
}

fn wanted(position: u8, n: u8) -> WantedScreenshot {
    WantedScreenshot {
        position,
        file_name: format!("{position}.png"),
        md5: md5(n),
    }
}

use RemoteState::*;

#[test]
fn identical_set_writes_nothing() {
    let remote = [remote("a", 1, Complete), remote("b", 2, Complete)];
    let plan = plan_set(Mode::Replace, &remote, &[wanted(1, 1), wanted(2, 2)]);
    assert!(plan.writes_nothing());
    assert_eq!(plan.keep, vec![(1, "a".into()), (2, "b".into())]);
    assert_eq!(plan.order, vec![Slot::Wanted(1), Slot::Wanted(2)]);
}

#[test]
fn replace_deletes_extras_and_leftovers_and_uploads_changes() {
    let remote = [
        remote("a", 1, Complete),
        remote("old", 9, Complete),
        RemoteScreenshot {
            id: "res".into(),
            file_name: "2.png".into(),
            md5: None,
            state: AwaitingUpload,
        },
        remote("bad", 3, Failed),
    ];
    let plan = plan_set(
        Mode::Replace,
        &remote,
        &[wanted(1, 1), wanted(2, 2), wanted(3, 3)],
    );
    assert_eq!(plan.keep, vec![(1, "a".into())]);
    assert_eq!(plan.upload, vec![2, 3], "a FAILED copy is not kept");
    assert_eq!(
        plan.delete,
        vec![
            ("old".into(), DeleteReason::NotPlanned),
            ("res".into(), DeleteReason::Leftover),
            ("bad".into(), DeleteReason::Failed),
        ]
    );
}

#[test]
fn processing_copy_from_an_interrupted_run_is_kept_not_resent() {
    let remote = [remote("p", 1, Processing)];
    let plan = plan_set(Mode::Replace, &remote, &[wanted(1, 1)]);
    assert_eq!(plan.keep, vec![(1, "p".into())]);
    assert!(plan.upload.is_empty());
}

#[test]
fn the_same_image_twice_needs_two_screenshots() {
    let remote = [remote("a", 1, Complete)];
    let plan = plan_set(Mode::Replace, &remote, &[wanted(1, 1), wanted(2, 1)]);
    assert_eq!(plan.keep, vec![(1, "a".into())]);
    assert_eq!(plan.upload, vec![2]);
}

#[test]
fn replace_reorders_kept_screenshots_to_the_plan() {
    let remote = [remote("b", 2, Complete), remote("a", 1, Complete)];
    let plan = plan_set(Mode::Replace, &remote, &[wanted(1, 1), wanted(2, 2)]);
    assert!(plan.writes_nothing());
    assert_eq!(plan.keep, vec![(1, "a".into()), (2, "b".into())]);
    assert_eq!(plan.order, vec![Slot::Wanted(1), Slot::Wanted(2)]);
}

#[test]
fn append_adds_after_what_is_there_and_skips_identical() {
    let remote = [remote("x", 7, Complete), remote("a", 1, Complete)];
    let plan = plan_set(Mode::Append, &remote, &[wanted(1, 1), wanted(2, 2)]);
    assert!(plan.delete.is_empty());
    assert_eq!(plan.upload, vec![2]);
    assert_eq!(
        plan.order,
        vec![Slot::Existing("x".into()), Slot::Wanted(1), Slot::Wanted(2)]
    );
}

#[test]
fn append_never_overfills_a_set() {
    let remote: Vec<_> = (0..9)
        .map(|n| remote(&format!("r{n}"), 100 + n, Complete))
        .collect();
    let plan = plan_set(
        Mode::Append,
        &remote,
        &[wanted(1, 1), wanted(2, 2), wanted(3, 3)],
    );
    assert_eq!(plan.upload, vec![1]);
    assert_eq!(plan.no_room, vec![2, 3]);
    assert_eq!(plan.order.len(), MAX_PER_SET);
}

#[test]
fn append_still_cleans_leftovers() {
    let remote = [remote("f", 1, Failed)];
    let plan = plan_set(Mode::Append, &remote, &[wanted(1, 1)]);
    assert_eq!(plan.delete, vec![("f".into(), DeleteReason::Failed)]);
    assert_eq!(plan.upload, vec![1]);
}
