"""The load generator's protocol module on constructed messages (no server, nothing timed)."""

from __future__ import annotations

import pytest
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.Common_pb2 import FileURLs, UploadedFileInfo
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from geo.uploads import read_overlay
from scripts.load.protocol import (
    Run,
    Widget,
    component_state,
    expander_state,
    file_urls_request,
    multiselect_state,
    read_message,
    rerun_message,
    selectbox_state,
    slider_state,
    uploader_state,
    widget_key,
)
from scripts.load.reader import overlay_csv

DAY = 86_400e6  # a date slider's step: one day in microseconds
DATES = Widget(id="$$ID-b626-dates", kind="slider", label="Dates", minimum=0.0, maximum=100 * DAY, step=DAY)
TYPES = Widget(id="$$ID-24c1-types", kind="multiselect", label="Event types",
               options=("Armed clash", "Shelling / rocket fire", "Talks / meeting"))
PICK = Widget(id="$$ID-75bb-pick", kind="selectbox", label="Event", options=("14 Sep 2022 · A", "15 Sep 2022 · B"))


def frame(msg: ForwardMsg) -> bytes:
    return msg.SerializeToString()


def element(kind: str, path: tuple[int, ...] = (0, 0), **fields: object) -> ForwardMsg:
    msg = ForwardMsg()
    msg.metadata.delta_path.extend(path)
    target = getattr(msg.delta.new_element, kind)
    for name, value in fields.items():
        if isinstance(value, list | tuple):
            getattr(target, name).extend(value)
        else:
            setattr(target, name, value)
    return msg


@pytest.mark.parametrize(("widget_id", "key"), [
    ("$$ID-37668f98ca287d478e548f3315849e2f-lang", "lang"),
    ("$$ID-4a92c280ff5129901b82a009cb341ba4-overlay_open", "overlay_open"),
    ("$$ID-0fdfa77ba397f33b45755bfbdc07d6d7-with-dashes", "with-dashes"),
    ("$$ID-0fdfa77ba397f33b45755bfbdc07d6d7-None", None),  # a widget given no key
    ("not-a-widget-id", None),
    ("", None),
])
def test_widget_key_is_read_from_the_id(widget_id: str, key: str | None) -> None:
    assert widget_key(widget_id) == key


def test_a_new_session_gives_the_session_page_and_cache_age() -> None:
    msg = ForwardMsg()
    msg.new_session.initialize.session_id = "abc-123"
    msg.new_session.main_script_hash = "main-hash"
    msg.new_session.config.max_cached_message_age = 20
    run = Run()
    read_message(run, frame(msg))
    assert (run.session_id, run.page_script_hash, run.cache_age) == ("abc-123", "main-hash", 20)
    assert not run.finished


def test_widgets_are_found_by_key_with_their_options_and_bounds() -> None:
    run = Run()
    read_message(run, frame(element("slider", id="$$ID-b626-dates", label="Dates", min=0.0, max=100 * DAY,
                                    step=DAY, default=[10 * DAY, 20 * DAY])))
    read_message(run, frame(element("multiselect", id="$$ID-24c1-types", label="Event types",
                                    options=["Armed clash", "Shelling / rocket fire"])))
    read_message(run, frame(element("button", id="$$ID-aaaa-None", label="Unkeyed")))  # no key: not kept
    read_message(run, frame(element("markdown", body="**50 events**")))  # not a widget
    assert sorted(run.widgets) == ["dates", "types"]
    dates = run.widgets["dates"]
    assert (dates.kind, dates.minimum, dates.maximum, dates.step, dates.value) == (
        "slider", 0.0, 100 * DAY, DAY, (10 * DAY, 20 * DAY))
    assert run.widgets["types"].options == ("Armed clash", "Shelling / rocket fire")


def test_a_keyed_expander_is_a_widget_and_an_unkeyed_one_is_not() -> None:
    run = Run()
    for block_id, label in (("$$ID-4a92-overlay_open", "Overlay your own events"), ("", "Why and who")):
        msg = ForwardMsg()
        msg.delta.add_block.expandable.label = label
        if block_id:
            msg.delta.add_block.expandable.id = block_id
        read_message(run, frame(msg))
    assert list(run.widgets) == ["overlay_open"]
    assert run.widgets["overlay_open"].kind == "expander"


@pytest.mark.parametrize(("status", "ok"), [
    (ForwardMsg.FINISHED_SUCCESSFULLY, True),
    (ForwardMsg.FINISHED_WITH_COMPILE_ERROR, False),
])
def test_a_run_ends_with_script_finished(status: int, ok: bool) -> None:
    run = Run()
    msg = ForwardMsg(script_finished=status)  # type: ignore[arg-type]
    read_message(run, frame(msg))
    assert run.finished
    assert run.ok is ok


def test_a_run_the_script_restarts_itself_goes_on_until_the_next_one_ends() -> None:
    run = Run()
    read_message(run, frame(ForwardMsg(script_finished=ForwardMsg.FINISHED_EARLY_FOR_RERUN)))
    assert not run.finished  # st.rerun(): the server starts the next run by itself
    read_message(run, frame(ForwardMsg(script_finished=ForwardMsg.FINISHED_SUCCESSFULLY)))
    assert (run.finished, run.ok, run.restarts) == (True, True, 1)


def test_an_exception_the_page_shows_fails_the_run() -> None:
    run = Run()
    read_message(run, frame(element("exception", type="KeyError", message="'dates'")))
    read_message(run, frame(ForwardMsg(script_finished=ForwardMsg.FINISHED_SUCCESSFULLY)))
    assert run.exceptions == ["KeyError: 'dates'"]
    assert not run.ok


def test_a_reference_is_read_as_the_message_held_and_a_missing_one_is_a_miss() -> None:
    big = element("selectbox", id="$$ID-75bb-pick", label="Event", options=["14 Sep 2022 · A"])
    big.hash = "h1"
    big.metadata.cacheable = True
    first = Run()
    read_message(first, frame(big))
    assert set(first.cacheable) == {"h1"}
    held = dict(first.cacheable)

    again = Run()
    reference = ForwardMsg(ref_hash="h1")
    read_message(again, frame(reference), held=held)
    read_message(again, frame(ForwardMsg(ref_hash="gone")), held=held)
    read_message(again, frame(ForwardMsg(script_finished=ForwardMsg.FINISHED_SUCCESSFULLY)), held=held)
    assert again.widgets["pick"].options == ("14 Sep 2022 · A",)
    assert again.missed == ["gone"]
    assert not again.ok  # the browser would show "Cached ForwardMsg MISS"


def test_the_page_query_string_and_upload_urls_are_kept() -> None:
    run = Run()
    changed = ForwardMsg()
    changed.page_info_changed.query_string = "from=2022-09-14&to=2022-09-20"
    urls = ForwardMsg()
    urls.file_urls_response.response_id = "req-1"
    urls.file_urls_response.file_urls.append(FileURLs(file_id="f1", upload_url="/_stcore/upload_file/s/f1"))
    read_message(run, frame(changed))
    read_message(run, frame(urls))
    assert run.query_string == "from=2022-09-14&to=2022-09-20"
    assert [u.file_id for u in run.file_urls["req-1"]] == ["f1"]


def test_the_rerun_message_is_what_the_browser_sends() -> None:
    sent = rerun_message("from=2022-09-14", [multiselect_state(TYPES, ["Armed clash"])],
                         page_script_hash="main-hash", cached=["h2", "h1", "h2"], url="http://x/")
    parsed = BackMsg()
    parsed.ParseFromString(sent.SerializeToString())
    rerun = parsed.rerun_script
    assert parsed.WhichOneof("type") == "rerun_script"
    assert (rerun.query_string, rerun.page_script_hash, rerun.context_info.url) == (
        "from=2022-09-14", "main-hash", "http://x/")
    assert list(rerun.cached_message_hashes) == ["h1", "h2"]
    assert [(w.id, list(w.string_array_value.data)) for w in rerun.widget_states.widgets] == [
        ("$$ID-24c1-types", ["Armed clash"])]


def test_a_slider_range_is_ordered_and_kept_within_bounds() -> None:
    state = slider_state(DATES, 120 * DAY, -5 * DAY)
    assert list(state.double_array_value.data) == [0.0, 100 * DAY]
    assert state.id == DATES.id


def test_select_widgets_send_the_labels_shown() -> None:
    assert selectbox_state(PICK, "15 Sep 2022 · B").string_value == "15 Sep 2022 · B"
    assert not selectbox_state(PICK, None).HasField("string_value")
    assert list(multiselect_state(TYPES, []).string_array_value.data) == []


@pytest.mark.parametrize(("make", "match"), [
    (lambda: selectbox_state(PICK, "16 Sep 2022 · C"), "has no option '16 Sep 2022 · C'"),
    (lambda: multiselect_state(TYPES, ["Drone strike"]), "has no option 'Drone strike'"),
    (lambda: slider_state(TYPES, 0, 1), "'types' is a multiselect, expected slider"),
    (lambda: expander_state(DATES, open=True), "'dates' is a slider, expected expander"),
    (lambda: component_state(PICK, {}), "'pick' is a selectbox, expected component_instance"),
])
def test_a_value_the_widget_cannot_take_is_refused(make: object, match: str) -> None:
    with pytest.raises(ValueError, match=match):
        make()  # type: ignore[operator]


def test_expander_component_and_uploader_states() -> None:
    panel = Widget(id="$$ID-4a92-overlay_open", kind="expander", label="Overlay")
    atlas = Widget(id="$$ID-0fdf-b91b", kind="component_instance", label="")
    upload = Widget(id="$$ID-9999-upload", kind="file_uploader", label="CSV")
    assert expander_state(panel, open=True).bool_value is True
    assert component_state(atlas, {"zoom": 9}).json_value == '{"zoom": 9}'
    info = UploadedFileInfo(name="mine.csv", size=10, file_id="f1")
    files = uploader_state(upload, [info]).file_uploader_state_value.uploaded_file_info
    assert [(f.name, f.size, f.file_id) for f in files] == [("mine.csv", 10, "f1")]


def test_the_upload_url_request() -> None:
    msg = file_urls_request("req-1", "session-1", ["mine.csv"])
    assert msg.WhichOneof("type") == "file_urls_request"
    assert (msg.file_urls_request.request_id, msg.file_urls_request.session_id,
            list(msg.file_urls_request.file_names)) == ("req-1", "session-1", ["mine.csv"])


def test_the_readers_overlay_is_a_valid_atlas_csv_and_the_same_for_a_seed() -> None:
    data = overlay_csv(50, seed=7)
    assert data == overlay_csv(50, seed=7)
    assert data != overlay_csv(50, seed=8)
    overlay = read_overlay("mine.csv", data)
    assert overlay.format == "atlas CSV"
    assert len(overlay.events) == 50
    assert not overlay.problems
