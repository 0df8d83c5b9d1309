# -*- coding: utf-8 -*-
# Copyright: racefree.ops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations


class ModuleDocFragment:
    """Descriptions of the attributes that every racefree.ops module states.

    A module that uses ``racefree.ops.attributes`` sets ``support`` and ``details`` of each
    attribute itself. Its own keys take precedence over the ones here.
    """

    DOCUMENTATION = r"""
attributes:
  check_mode:
    description: Can run in check mode and report the change it would make, without making it.
  diff_mode:
    description: Returns the before and after content of what changed, or with check mode what would change, when run with diff mode.
  idempotent:
    description:
      - A second run with the same arguments, after a successful first run, reports no change
        and changes nothing.
"""
