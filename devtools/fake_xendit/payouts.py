"""The fake's payouts (``/v2/payouts``) and bank account validation."""


class Payouts:
    def register(self):
        super().register()
