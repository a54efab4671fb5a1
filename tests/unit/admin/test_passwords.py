"""The first administrator's password: each rule refuses with its own message, a good one passes."""

import pytest

from demo.seed import DEMO_ACCOUNTS
from services.admin.passwords import ADMIN_PASSWORD_MIN_LENGTH, check_admin_password
from services.common.errors import InvalidInput


@pytest.mark.parametrize(
    ("password", "key"),
    [
        ("", "error.required"),
        ("kort-men-2x", "error.password_short"),  # 11 characters
        ("anna.jensen-paa-raadhuset", "error.password_has_username"),
        ("Password2026!", "error.password_common"),
        ("adgangskode-123", "error.password_common"),
        ("Sommer2026!!", "error.password_common"),
        ("qwertyuiop123", "error.password_common"),
        ("123456789012", "error.password_common"),
        ("aaaaaaaaaaaaaaaa", "error.password_common"),
        ("demo-something-long", "error.password_demo"),
    ],
)
def test_a_weak_password_is_refused_with_the_reason(password, key):
    with pytest.raises(InvalidInput) as refused:
        check_admin_password(password, username="anna.jensen")
    assert refused.value.key == key


def test_every_published_demo_password_is_refused():
    for _, _, password, _ in DEMO_ACCOUNTS:
        with pytest.raises(InvalidInput) as refused:
            check_admin_password(password, username="anna.jensen")
        assert refused.value.key == "error.password_demo"


def test_a_long_uncommon_password_passes():
    assert len("lyngbakke tåge cykelsti 41") >= ADMIN_PASSWORD_MIN_LENGTH
    assert (
        check_admin_password("lyngbakke tåge cykelsti 41", username="anna.jensen")
        == "lyngbakke tåge cykelsti 41"
    )
