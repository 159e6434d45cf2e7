"""Kick: signed webhooks (or the Pusher chat socket) in, the public chat API out."""

from adapters.kick.adapter import KickAdapter
from adapters.kick.login import login_flow

__all__ = ["KickAdapter", "login_flow"]
