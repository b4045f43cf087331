"""The chi bộ profile and roster in a real browser: create the profile, import the roster, call the roll."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.conftest import SAMPLES
from tests.e2e.test_monthly_meeting_e2e import FORM, by_name, label


def ensure_profile(page) -> None:
    page.goto("/organization")
    if page.get_by_role("link", name="Tạo hồ sơ chi bộ", exact=True).count():
        page.get_by_role("link", name="Tạo hồ sơ chi bộ", exact=True).click()
        label(page, "Tên tổ chức").fill("Chi bộ Thôn Đông")
        label(page, "Tên cấp ủy cấp trên trực tiếp").fill("Đảng bộ xã An Phú")
        label(page, "Địa danh").fill("An Phú")
        page.get_by_role("button", name="Lưu hồ sơ chi bộ").click()
    page.wait_for_url("**/organization")


def test_import_a_roster_see_its_row_errors_then_call_the_roll(page, tmp_path):
    ensure_profile(page)
    page.goto("/organization/members")

    bad = tmp_path / "danh-sach-loi.csv"
    bad.write_text("Họ và tên,Ngày sinh\nPhan Văn Lỗi,31/02/1990\n", encoding="utf-8")
    page.get_by_label("Tệp danh sách (.xlsx hoặc .csv)").set_input_files(bad)
    page.get_by_role("button", name="Nhập danh sách").click()
    errors = page.locator("#error-summary")
    assert "Dòng 2, cột “Ngày sinh”" in errors.inner_text()
    expect(errors).to_be_focused()

    page.get_by_label("Tệp danh sách (.xlsx hoặc .csv)").set_input_files(SAMPLES / "roster-template.xlsx")
    page.get_by_role("button", name="Nhập danh sách").click()
    # Added, or updated when another browser test of this server imported the same roster first.
    assert re.search(
        r"Đã nhập danh sách: thêm (3 đảng viên, cập nhật 0|0 đảng viên, cập nhật 3)", page.get_by_role("status").inner_text()
    )
    assert page.get_by_role("cell", name="Trần Thị Bình", exact=True).count() == 1

    page.goto(FORM)
    assert label(page, "Tên chi bộ").input_value() == "Chi bộ Thôn Đông"
    assert label(page, "Tổng số đảng viên").input_value() == "3"
    bình = page.get_by_role("group", name="Trần Thị Bình (chính thức)")
    bình.get_by_label("vắng có lý do").check()
    page.get_by_label("Lý do vắng của đồng chí Trần Thị Bình").fill("đi công tác")
    expect(by_name(page, "/attendance/absent/0/reason")).to_have_value("đi công tác")
    assert by_name(page, "/attendance/absent/0/name").input_value() == "Trần Thị Bình"
    assert label(page, "Số có mặt").input_value() == "2"
    assert label(page, "Chính thức có mặt").input_value() == "1"
    expect(page.locator("#attendance-totals")).to_contain_text("Có mặt 02/03 đồng chí")

    by_name(page, "/chair/name").fill("Nguyễn Văn An")
    by_name(page, "/chair/name").dispatch_event("change")
    assert by_name(page, "/chair/position").input_value() == "Bí thư Chi bộ"
