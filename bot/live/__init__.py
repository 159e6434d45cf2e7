"""The live-stream systems: sessions, the Juicernaut crown, heist alerts and their announcements."""
