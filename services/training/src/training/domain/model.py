"""Training's domain now lives in a module per aggregate; this one remains only because
service_layer/staff.py, outside the change that split it, still imports the staff copy from here.

Once that import reads `from training.domain.staff import ...`, delete this module.
"""

from training.domain.staff import Delegation, StaffMember, Team

__all__ = ["Delegation", "StaffMember", "Team"]
