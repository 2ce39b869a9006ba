"""The fake's invoices and refunds (``/v2/invoices``, ``/refunds``)."""


class Invoices:
    def register(self):
        super().register()
