"""Served on a network: every page asks for a login, and an account sees only its own organization."""

from __future__ import annotations

import pytest
from flask import Flask
from lxml import html

from service.batch.launch import get_batches
from service.config import DEFAULTS
from service.store import archive, organizations
from service.web import accounts, auth
from tests.batch.conftest import wait_for
from tests.web.browser import field
from tests.web.conftest import MONTHLY, post, sample_pairs

PASSWORD = "mật khẩu đủ dài"


@pytest.fixture
def networked(app):
    app.config.update(LOGIN_REQUIRED=True, SOFFICE_PATH="")
    auth.configure(app)
    database = app.extensions["database"]
    for name, username in (("Chi bộ Thôn Đông", "dong"), ("Chi bộ Thôn Tây", "tay")):
        org = organizations.create_organization(
            database, {"name": name, "upper_name": "Đảng bộ xã An Phú", "place": "An Phú", "created_on": "2026-01-01"}
        )
        organizations.create_member(database, org["id"], {"full_name": f"Bí thư {name}"})
        accounts.create_account(database, org["id"], username, PASSWORD)
    return app


def https_client(app):
    """A browser reaching the service over HTTPS (the Secure session cookie needs it)."""
    client = app.test_client()
    client.environ_base["wsgi.url_scheme"] = "https"
    return client


def signed_in(app, username: str):
    client = https_client(app)
    token = html.fromstring(client.get("/login").data).xpath("//input[@name='_csrf']/@value")[0]
    response = client.post("/login", data={"_csrf": token, "username": username, "password": PASSWORD})
    assert response.status_code == 303
    return client


def test_every_page_sends_a_stranger_to_the_login_page(networked):
    client = https_client(networked)
    for path in ("/", MONTHLY, "/archive", "/organization", "/organization/members"):
        response = client.get(path)
        assert response.status_code == 302 and response.headers["Location"].startswith("/login?next=")
    assert client.post(MONTHLY, data={"/conclusion": "x"}).status_code == 302
    assert client.get("/assets/app.css").status_code == 200
    assert "Đăng nhập" in client.get("/login").get_data(as_text=True)


def test_a_wrong_password_is_refused_in_vietnamese_and_the_name_kept(networked):
    client = https_client(networked)
    token = html.fromstring(client.get("/login").data).xpath("//input[@name='_csrf']/@value")[0]
    response = client.post("/login", data={"_csrf": token, "username": "dong", "password": "sai mật khẩu"})
    assert response.status_code == 401
    assert "Tên đăng nhập hoặc mật khẩu không đúng." in response.get_data(as_text=True)
    assert field(response.data, "username").get("value") == "dong"
    unknown = client.post("/login", data={"_csrf": token, "username": "khong-co", "password": PASSWORD})
    assert unknown.status_code == 401


def test_a_login_without_the_form_token_is_refused(networked):
    client = https_client(networked)
    assert client.post("/login", data={"username": "dong", "password": PASSWORD}).status_code == 400


def test_the_session_cookie_is_secure_http_only_and_same_site(networked):
    client = https_client(networked)
    token = html.fromstring(client.get("/login").data).xpath("//input[@name='_csrf']/@value")[0]
    response = client.post("/login", data={"_csrf": token, "username": "dong", "password": PASSWORD})
    cookie = response.headers["Set-Cookie"]
    assert "Secure" in cookie and "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_after_login_the_person_goes_where_they_were_going_but_never_elsewhere(networked):
    client = https_client(networked)
    token = html.fromstring(client.get("/login?next=/archive").data).xpath("//input[@name='_csrf']/@value")[0]
    for target, expected in (("/archive", "/archive"), ("//evil.example/x", "/"), ("https://evil.example", "/")):
        response = client.post("/login", data={"_csrf": token, "username": "dong", "password": PASSWORD, "next": target})
        assert response.headers["Location"] == expected
        token = html.fromstring(client.get("/login").data).xpath("//input[@name='_csrf']/@value")
        token = token[0] if token else html.fromstring(client.get(MONTHLY).data).xpath("//input[@name='_csrf']/@value")[0]


def test_an_account_sees_and_writes_only_for_its_own_organization(networked):
    east, west = signed_in(networked, "dong"), signed_in(networked, "tay")
    assert field(east.get(MONTHLY).data, "/organization/name").get("value") == "Chi bộ Thôn Đông"
    result = post(east, MONTHLY, sample_pairs(east)).headers["Location"]
    database = networked.extensions["database"]
    documents = archive.find_documents(database)
    assert {d.creator for d in documents} == {"web:dong"}
    assert {d.organization_id for d in documents} == {organizations.list_organizations(database)[0]["id"]}
    document = documents[0].id

    assert "Nghị quyết tháng 11-2026" in east.get("/archive").get_data(as_text=True)
    assert "Nghị quyết tháng 11-2026" not in west.get("/archive").get_data(as_text=True)
    assert "Nghị quyết tháng 11-2026" not in west.get("/").get_data(as_text=True)
    for path in (
        f"/archive/{document}",
        f"/archive/{document}.docx",
        f"/archive/{document}/edit",
        f"/archive/{document}/regenerated.docx",
        result,
        result + "/edit",
    ):
        assert east.get(path).status_code == 200, path
        assert west.get(path).status_code == 404, path

    east_member = organizations.list_members(database, documents[0].organization_id)[0]["id"]
    assert west.get(f"/organization/members/{east_member}").status_code == 404
    assert "Bí thư Chi bộ Thôn Đông" not in west.get("/organization/members").get_data(as_text=True)


def test_other_organizations_and_accounts_are_not_managed_over_the_network(networked):
    client = signed_in(networked, "dong")
    assert client.get("/organization/new").status_code == 404
    page = client.get("/organization").get_data(as_text=True)
    assert "Chi bộ Thôn Tây" not in page and "Tài khoản đăng nhập" not in page
    token = html.fromstring(client.get("/organization").data).xpath("//input[@name='_csrf']/@value")[0]
    assert client.post("/organization/2/choose", data={"_csrf": token}).status_code == 404
    assert (
        client.post("/organization/accounts", data={"_csrf": token, "/username": "moi", "password": PASSWORD}).status_code
        == 404
    )


def test_signing_out_ends_the_session(networked):
    client = signed_in(networked, "dong")
    token = html.fromstring(client.get("/").data).xpath("//input[@name='_csrf']/@value")[0]
    assert client.post("/logout", data={"_csrf": token}).status_code == 303
    assert client.get("/").status_code == 302


def test_accounts_are_created_at_the_machine_itself(web, chi_bo):
    token = html.fromstring(web.get("/organization").data).xpath("//input[@name='_csrf']/@value")[0]
    short = web.post("/organization/accounts", data={"_csrf": token, "/username": "thondong", "password": "ngắn"})
    assert short.status_code == 422 and "Mật khẩu: phải có từ 10" in short.get_data(as_text=True)
    assert field(short.data, "/username").get("value") == "thondong"
    assert (
        web.post("/organization/accounts", data={"_csrf": token, "/username": "thondong", "password": PASSWORD}).status_code
        == 303
    )
    taken = web.post("/organization/accounts", data={"_csrf": token, "/username": "ThonDong", "password": PASSWORD})
    assert taken.status_code == 422 and "đã có người dùng" in taken.get_data(as_text=True)
    assert "thondong" in web.get("/organization").get_data(as_text=True)


@pytest.mark.parametrize(
    "host, production, required",
    [
        ("127.0.0.1", False, False),
        ("localhost", False, False),
        ("0.0.0.0", False, True),
        ("127.0.0.1", True, True),
        ("192.168.1.10", False, True),
    ],
)
def test_serving_on_a_network_turns_the_login_on(host, production, required):
    app = Flask(__name__)
    app.config.from_mapping(DEFAULTS)
    auth.configure(app)  # as create_app does, before `serve` knows the address
    auth.bind(app, host, production)
    assert app.config["LOGIN_REQUIRED"] is required
    assert app.config["SESSION_COOKIE_SECURE"] is required


def test_an_explicit_setting_wins_over_the_address():
    app = Flask(__name__)
    app.config.from_mapping(DEFAULTS)
    app.config.update(LOGIN_REQUIRED=True, ALLOW_HTTP_LOGIN=True)
    auth.bind(app, "127.0.0.1", production=False)
    assert app.config["LOGIN_REQUIRED"] is True and app.config["SESSION_COOKIE_SECURE"] is False


def test_pages_forbid_framing_and_outside_scripts(web):
    headers = web.get("/").headers
    assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]
    assert "default-src 'self'" in headers["Content-Security-Policy"]
    assert headers["X-Content-Type-Options"] == "nosniff"


def test_a_batch_is_seen_only_by_its_organization(networked, tmp_path):
    networked.config.update(BATCH_DIR=str(tmp_path / "batches"), BATCH_WORKERS=1)
    east, west = signed_in(networked, "dong"), signed_in(networked, "tay")
    token = html.fromstring(east.get("/batches").data).xpath("//input[@name='_csrf']/@value")[0]
    started = east.post("/batches", data={"_csrf": token, "/year": "2025", "source": "profile"})
    job = started.headers["Location"]
    assert east.get(job).status_code == 200 and east.get(job + "/status").status_code == 200
    assert west.get(job).status_code == 404 and west.get(job + "/status").status_code == 404
    assert "Đợt" not in west.get("/batches").get_data(as_text=True).split("Các đợt đã tạo")[1]
    wait_for(get_batches(networked).database, int(job.rsplit("/", 1)[1]))  # nothing left running
