"""The live-stream systems: the Juicernaut crown and heist alerts (pure rules)."""
