"""Admins manage staff accounts: create, change role, deactivate, reset password."""

from __future__ import annotations

import streamlit as st

from components.feedback import flash, show_error, show_flash
from components.shell import guard, settings
from db.session import read_scope, session_scope
from i18n import fmt_datetime, t
from services.admin import users
from services.common.errors import DomainError
from vocabulary import ROLES

me = guard("users")
st.title(t("users.title"))
show_flash()

with read_scope() as session:
    accounts = users.list_users(session)

st.dataframe(
    {
        t("field.username"): [u.username for u in accounts],
        t("field.display_name"): [u.display_name for u in accounts],
        t("field.role"): [t(f"role.{u.role}") for u in accounts],
        t("users.status"): [t("users.active") if u.active else t("users.inactive") for u in accounts],
        t("users.last_login"): [fmt_datetime(u.last_login_at) if u.last_login_at else "" for u in accounts],
    },
    hide_index=True,
    width="stretch",
)


def _passwords_match(first: str, second: str) -> bool:
    if first != second:
        st.error(t("error.password_mismatch"), icon=":material/error:")
        return False
    return True


new_tab, change_tab = st.tabs([t("users.new"), t("users.change")])

with new_tab, st.form("users_new_form", clear_on_submit=False):
    username = st.text_input(t("field.username"), help=t("users.username_help"), key="users_new_username")
    display_name = st.text_input(t("field.display_name"), key="users_new_name")
    email = st.text_input(t("field.email_optional"), key="users_new_email")
    role = st.selectbox(t("field.role"), ROLES, format_func=lambda r: t(f"role.{r}"), key="users_new_role")
    password = st.text_input(
        t("field.password"), type="password", help=t("users.password_help"), key="users_new_password"
    )
    repeat = st.text_input(t("field.password_repeat"), type="password", key="users_new_password2")
    if st.form_submit_button(t("users.create"), type="primary") and _passwords_match(password, repeat):
        try:
            with session_scope() as session:
                created = users.create_user(
                    session,
                    username=username,
                    display_name=display_name,
                    role=role,
                    password=password,
                    email=email,
                    by_user_id=me["id"],
                    rounds=settings().bcrypt_rounds,
                )
                done = t("users.created", username=created.username)
        except DomainError as err:
            show_error(err)
        else:
            flash(done)

with change_tab:
    by_id = {u.id: u for u in accounts}
    picked = st.selectbox(
        t("users.pick"),
        list(by_id),
        format_func=lambda i: f"{by_id[i].username} — {by_id[i].display_name}",
        key="users_pick",
    )
    account = by_id[picked]
    role_col, active_col = st.columns(2)
    with role_col:
        new_role = st.selectbox(
            t("field.role"),
            ROLES,
            index=ROLES.index(account.role),
            format_func=lambda r: t(f"role.{r}"),
            key=f"users_role_{account.id}",
        )
        if st.button(t("users.save_role"), key="users_save_role", disabled=new_role == account.role):
            try:
                with session_scope() as session:
                    users.set_role(session, account.id, new_role, by_user_id=me["id"])
            except DomainError as err:
                show_error(err)
            else:
                flash(t("users.role_saved", username=account.username))
    with active_col:
        st.write(t("users.status") + ": " + (t("users.active") if account.active else t("users.inactive")))
        label = t("users.deactivate") if account.active else t("users.activate")
        if st.button(label, key="users_toggle_active"):
            try:
                with session_scope() as session:
                    users.set_active(session, account.id, not account.active, by_user_id=me["id"])
            except DomainError as err:
                show_error(err)
            else:
                flash(t("users.active_saved", username=account.username))
    with st.form("users_reset_form", clear_on_submit=True):
        st.markdown(f"**{t('users.reset_password')}**")
        new_password = st.text_input(t("field.password"), type="password", key="users_reset_password")
        new_repeat = st.text_input(t("field.password_repeat"), type="password", key="users_reset_password2")
        if st.form_submit_button(t("users.reset")) and _passwords_match(new_password, new_repeat):
            try:
                with session_scope() as session:
                    users.reset_password(
                        session,
                        account.id,
                        new_password,
                        by_user_id=me["id"],
                        rounds=settings().bcrypt_rounds,
                    )
            except DomainError as err:
                show_error(err)
            else:
                flash(t("users.password_saved", username=account.username))
