from crmdesk.services import consent
from crmdesk.services import customers as customers_svc


def test_marketing_channels_follow_the_card_until_the_ledger_exists(store):
    with store.session() as session:
        yes = customers_svc.create_customer(session, {"name": "김민수", "phone": "010-1234-5678",
                                                      "marketing_consent": True}).id
        no = customers_svc.create_customer(session, {"name": "이서연", "phone": "010-2222-3333"}).id
    with store.session() as session:
        for purpose in consent.MARKETING_PURPOSES:
            assert consent.consented_ids(session, purpose) == {yes}
        states = consent.consent_states(session, "sms", [yes, no])
    assert states[yes].granted and states[yes].since is not None
    assert not states[no].granted and states[no].since is None
