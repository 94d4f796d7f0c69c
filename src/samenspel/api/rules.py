"""Who may do what with API keys.

- Anyone logged in makes and revokes their own keys (`api.manage_tokens`).
- Administrators may revoke anyone's key, e.g. when it leaked (`api.manage_all_tokens`).

A key acts as its person: every API operation checks the same permissions as the web page.
"""

import rules

from samenspel.accounts.rules import is_administrator

rules.add_perm("api.manage_tokens", rules.is_authenticated & rules.is_active)
rules.add_perm("api.manage_all_tokens", is_administrator)
