"""Whether local accounts may sign in beside single sign-on: one row, switched by an admin.

The switch holds only while single sign-on is configured: with no identity provider,
local accounts are the only way in, so a municipality cannot lock itself out by
switching them off and later removing the sign-on settings (that is also the way back
in, should the identity provider fail).
"""

from __future__ import annotations

from sqlalchemy.orm import Session

import clock
from db.models import SignInPolicy
from services.admin import audit, permissions
from services.common.errors import Conflict


def _policy(session: Session) -> SignInPolicy:
    policy = session.get(SignInPolicy, 1)
    if policy is None:  # a database made by create_all rather than the migrations
        policy = SignInPolicy(id=1, local_accounts=True)
        session.add(policy)
        session.flush()
    return policy


def local_accounts_allowed(session: Session, *, sso_configured: bool) -> bool:
    if not sso_configured:
        return True
    policy = session.get(SignInPolicy, 1)
    return policy is None or policy.local_accounts


def local_accounts_switch(session: Session) -> bool:
    """The switch as stored, whatever the settings."""
    policy = session.get(SignInPolicy, 1)
    return policy is None or policy.local_accounts


def set_local_accounts(
    session: Session, allowed: bool, *, by_user_id: permissions.ByUser, sso_configured: bool
) -> None:
    """Allow or refuse sign-in with local accounts (admins only, audited)."""
    permissions.require(session, by_user_id, permissions.can_manage_users)
    if not allowed and not sso_configured:
        raise Conflict("sso.local_accounts_need_sso")
    policy = _policy(session)
    if policy.local_accounts == allowed:
        return
    policy.local_accounts = allowed
    policy.changed_at = clock.utcnow()
    audit.record(
        session,
        user_id=by_user_id,
        action="sign_in.local_accounts_on" if allowed else "sign_in.local_accounts_off",
        entity="sign_in_policy",
        entity_id=1,
    )
