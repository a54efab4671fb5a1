"""Admins manage staff accounts: create, change role, deactivate, reset password."""

from __future__ import annotations

import streamlit as st

from components.feedback import show_flash
from components.shell import guard, settings
from db.session import read_scope
from i18n import fmt_datetime, t
from runtime.actions import run
from services.admin import users
from vocabulary import ROLES


def _status(account: users.User) -> str:
    return t("users.active") if account.active else t("users.inactive")


def _accounts_table(accounts: list[users.User]) -> None:
    st.dataframe(
        {
            t("field.username"): [u.username for u in accounts],
            t("field.display_name"): [u.display_name for u in accounts],
            t("field.role"): [t(f"role.{u.role}") for u in accounts],
            t("users.status"): [_status(u) for u in accounts],
            t("users.last_login"): [
                fmt_datetime(u.last_login_at) if u.last_login_at else "" for u in accounts
            ],
        },
        hide_index=True,
        width="stretch",
    )


def _passwords_match(first: str, second: str) -> bool:
    if first != second:
        st.error(t("error.password_mismatch"), icon=":material/error:")
        return False
    return True


def _new_tab(me: dict) -> None:
    with st.form("users_new_form", clear_on_submit=False):
        username = st.text_input(t("field.username"), help=t("users.username_help"), key="users_new_username")
        display_name = st.text_input(t("field.display_name"), key="users_new_name")
        email = st.text_input(t("field.email_optional"), key="users_new_email")
        role = st.selectbox(
            t("field.role"), ROLES, format_func=lambda r: t(f"role.{r}"), key="users_new_role"
        )
        password = st.text_input(
            t("field.password"), type="password", help=t("users.password_help"), key="users_new_password"
        )
        repeat = st.text_input(t("field.password_repeat"), type="password", key="users_new_password2")
        if st.form_submit_button(t("users.create"), type="primary") and _passwords_match(password, repeat):
            run(
                lambda session: users.create_user(
                    session,
                    username=username,
                    display_name=display_name,
                    role=role,
                    password=password,
                    email=email,
                    by_user_id=me["id"],
                    rounds=settings().bcrypt_rounds,
                ),
                lambda created: t("users.created", username=created.username),
            )


def _role_and_status(me: dict, account: users.User) -> None:
    role_col, active_col = st.columns(2)
    with role_col:
        role = st.selectbox(
            t("field.role"),
            ROLES,
            index=ROLES.index(account.role),
            format_func=lambda r: t(f"role.{r}"),
            key=f"users_role_{account.id}",
        )
        if st.button(t("users.save_role"), key="users_save_role", disabled=role == account.role):
            run(
                lambda session: users.set_role(session, account.id, role, by_user_id=me["id"]),
                t("users.role_saved", username=account.username),
            )
    with active_col:
        st.write(t("users.status") + ": " + _status(account))
        label = t("users.deactivate") if account.active else t("users.activate")
        if st.button(label, key="users_toggle_active"):
            run(
                lambda session: users.set_active(
                    session, account.id, not account.active, by_user_id=me["id"]
                ),
                t("users.active_saved", username=account.username),
            )


def _reset_password(me: dict, account: users.User) -> None:
    with st.form("users_reset_form", clear_on_submit=True):
        st.markdown(f"**{t('users.reset_password')}**")
        password = st.text_input(t("field.password"), type="password", key="users_reset_password")
        repeat = st.text_input(t("field.password_repeat"), type="password", key="users_reset_password2")
        if st.form_submit_button(t("users.reset")) and _passwords_match(password, repeat):
            run(
                lambda session: users.reset_password(
                    session, account.id, password, by_user_id=me["id"], rounds=settings().bcrypt_rounds
                ),
                t("users.password_saved", username=account.username),
            )


def _change_tab(me: dict, accounts: list[users.User]) -> None:
    by_id = {u.id: u for u in accounts}
    picked = st.selectbox(
        t("users.pick"),
        list(by_id),
        format_func=lambda i: f"{by_id[i].username} — {by_id[i].display_name}",
        key="users_pick",
    )
    _role_and_status(me, by_id[picked])
    _reset_password(me, by_id[picked])


me = guard("users")
st.title(t("users.title"))
show_flash()
with read_scope() as session:
    accounts = users.list_users(session)

_accounts_table(accounts)
new_tab, change_tab = st.tabs([t("users.new"), t("users.change")])
with new_tab:
    _new_tab(me)
with change_tab:
    _change_tab(me, accounts)
