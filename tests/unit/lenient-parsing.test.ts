import { describe, expect, it } from 'vitest';
import { checkBaseUrl } from '../../main/telegent/base-url';
import { extractLpa, LenientObject, lenientBoolean, parseApiDate } from '../../main/telegent/lenient';
import { readMessageRoutes, readNumberDetails, readOrder, readProvision, readSubscribers, readToken, readVoiceRoutes } from '../../main/telegent/responses';

const o = (v: Record<string, unknown>) => new LenientObject(v);

// Examples reproduced from the Telegent reference (docs/telegent-facts.md).
const PROVISION_EXAMPLE = {
  OrderDate: '2025-10-29T12:36:19.338438+00:00',
  OrderId: 'JNUOID-76ba71a8-d7a6-4489-b695-1ad363b8d596',
  OrderStatus: 'Complete',
  PhoneNumberAssigned: '+18016025346',
  PhoneNumberId: 'NID-8bdf915a-ef65-46c9-8c66-96c98d42d9ca',
  QRCode:
    'https://quickchart.io/qr?text=LPA:1$T-MOBILE.IDEMIA.IO$LX9G1-Q12VI-CIIWA-WAQIN' +
    '&centerImageUrl=https://joonto.com/wp-content/uploads/2022/07/cropped-Joonto-2022-Square-Icon-Black-Background.png' +
    '&ecLevel=H&format=png&centerImageSizeRatio=.3',
  ZipCode: '84603',
  ICCID: '12345678900987654321',
  ErrorMessage: null,
  SubscriberId: 'TSUID-ac59a1f8-36b6-42cc-b124-c2aa29f7e3d2',
};

describe('documented response variants', () => {
  it('reads the provision example, extracting the LPA string from the quickchart URL', () => {
    expect(readProvision(o(PROVISION_EXAMPLE))).toEqual({
      orderId: 'JNUOID-76ba71a8-d7a6-4489-b695-1ad363b8d596',
      orderStatus: 'Complete',
      orderDate: '2025-10-29T12:36:19.338Z',
      phoneNumber: '+18016025346',
      phoneNumberId: 'NID-8bdf915a-ef65-46c9-8c66-96c98d42d9ca',
      iccid: '12345678900987654321',
      zipCode: '84603',
      subscriberId: 'TSUID-ac59a1f8-36b6-42cc-b124-c2aa29f7e3d2',
      errorMessage: null,
      lpa: 'LPA:1$T-MOBILE.IDEMIA.IO$LX9G1-Q12VI-CIIWA-WAQIN',
    });
  });

  it('keeps the ICCID a string, trailing F and all', () => {
    expect(readNumberDetails(o({ Iccid: '8901240397190557414F' })).iccid).toBe('8901240397190557414F');
  });

  it('reads number details (TNID, Iccid, QrActivationLink, uppercase A2P)', () => {
    const d = readNumberDetails(
      o({
        Number: '+18018018011',
        TNID: 'TNID-kasjfljljlsadlfjlkhlkdhf',
        OrderId: 'TNOID-x',
        MessageEnabled: true,
        VoiceEnabled: true,
        MessageType: 'A2P',
        Classification: 'MVNO',
        Status: 'Active',
        Iccid: '8901240397190557414F',
        QrActivationLink: 'https://api.telegent.com/qr-activation-link',
        OriginalDatePurchased: null,
        AssignedSubscriberId: null,
      }),
    );
    expect(d).toMatchObject({
      number: '+18018018011',
      tnid: 'TNID-kasjfljljlsadlfjlkhlkdhf',
      iccid: '8901240397190557414F',
      status: 'Active',
      messageType: 'A2P',
      messageEnabled: true,
      lpa: null,
      subscriberId: null,
    });
  });

  it('reads inventory items (Tnid, "true" strings, MM/DD/YYYY purchase date)', () => {
    const d = readNumberDetails(
      o({
        Number: '+18015555555',
        Tnid: 'TNID-9772956561858',
        MessageEnabled: 'true',
        VoiceEnabled: 'true',
        OriginalDatePurchased: '02/05/2023',
        ProductType: 'Sms+Data+Voice',
        Iccid: '8901240397190556232',
      }),
    );
    expect(d).toMatchObject({
      tnid: 'TNID-9772956561858',
      messageEnabled: true,
      voiceEnabled: true,
      purchasedAt: '2023-02-05T00:00:00.000Z',
      productType: 'Sms+Data+Voice',
    });
  });

  it('reads order status examples (error with carrier code, Completed, no-offset date)', () => {
    const error = readOrder(
      o({
        OrderDate: '2025-12-08T00:12:08.89',
        OrderId: 'JNUOID-1',
        OrderStatus: 'Error',
        OrderStatusMessage: '8A-ACCOUNT_NUM_REQ_OR_INCORRECT',
        OrderType: 'portin',
        PhoneNumbersOrdered: [{ Number: '+12815703894' }],
      }),
    );
    expect(error).toEqual({
      orderId: 'JNUOID-1',
      orderStatus: 'Error',
      statusMessage: '8A-ACCOUNT_NUM_REQ_OR_INCORRECT',
      orderType: 'portin',
      orderDate: '2025-12-08T00:12:08.890Z',
      numbers: ['+12815703894'],
    });
    expect(readOrder(o({ OrderStatus: 'Completed', PhoneNumbersOrdered: ['+1201'] })).numbers).toEqual(['+1201']);
  });

  it('reads the message-route list with AccountID (capital D) and voice routes with CallRouteId', () => {
    expect(
      readMessageRoutes(o({ AccountID: 'AID-1', TotalRoutes: 1, Results: [{ MessageRouteId: 'MRID-1', AccountID: 'AID-1', RouteName: 'Main' }] })),
    ).toEqual([{ id: 'MRID-1', name: 'Main', accountId: 'AID-1' }]);
    expect(readVoiceRoutes(o({ Results: [{ CallRouteId: 'CRID-1', RouteName: 'Trunk' }] }))).toEqual([{ id: 'CRID-1', name: 'Trunk', accountId: null }]);
  });

  it('reads subscribers under several plausible list names', () => {
    expect(readSubscribers(o({ TotalResults: 1, Subscribers: [{ SubscriberId: 'TSUID-1', Name: 'A' }] }), 1).items[0]!.id).toBe('TSUID-1');
    expect(readSubscribers(o({ Results: [{ SubscriberId: 'TSUID-2', Name: 'B' }] }), 1).items[0]!.id).toBe('TSUID-2');
  });

  it('reads the token (lowercase successful, extra error/apiEndpoint fields tolerated)', () => {
    expect(readToken(o({ token: 'abc', successful: true, tokenExpiry: '05/02/2025 06:36:13 PM', error: '', apiEndpoint: 'x' }))).toEqual({
      token: 'abc',
      expiry: '05/02/2025 06:36:13 PM',
    });
    expect(readToken(o({ successful: false }))).toBeNull();
  });

  it('matches keys case-insensitively and reads integer AreaCode as text', () => {
    const x = o({ iccid: '89', Zipcode: '00601', AreaCode: 993 });
    expect(x.string('ICCID')).toBe('89');
    expect(x.string('ZipCode')).toBe('00601');
    expect(x.string('AreaCode')).toBe('993');
  });
});

describe('lenient values', () => {
  it.each([
    [true, true],
    ['true', true],
    ['True', true],
    ['Yes', true],
    [1, true],
    [false, false],
    ['false', false],
    ['No', false],
    [0, false],
    ['maybe', null],
    [null, null],
    [undefined, null],
  ])('boolean %j -> %j', (input, expected) => {
    expect(lenientBoolean(input)).toBe(expected);
  });

  it.each([
    ['2025-10-29T12:36:19.338438+00:00', '2025-10-29T12:36:19.338Z'],
    ['2025-05-15T18:20:58.5133475Z', '2025-05-15T18:20:58.513Z'],
    ['2025-12-08T00:12:08.89', '2025-12-08T00:12:08.890Z'],
    ['2025-05-14T18:37:18.2408767Z', '2025-05-14T18:37:18.240Z'],
    ['12/31/2023', '2023-12-31T00:00:00.000Z'],
    ['2023-12-31T00:00:00', '2023-12-31T00:00:00.000Z'],
    ['02/05/2023', '2023-02-05T00:00:00.000Z'],
    ['2026-06-01', '2026-06-01T00:00:00.000Z'],
    ['04/23/2026', '2026-04-23T00:00:00.000Z'],
    ['05/02/2025 06:36:13 PM', '2025-05-02T18:36:13.000Z'],
    ['16:45:59 MST 2025-01-23', '2025-01-23T23:45:59.000Z'],
    ['2025-05-15T20:15:37.157', '2025-05-15T20:15:37.157Z'],
    ['2025-10-29T12:36:19-06:00', '2025-10-29T18:36:19.000Z'],
  ])('date %s', (input, expected) => {
    expect(parseApiDate(input)).toBe(expected);
  });

  it('rejects impossible or foreign dates', () => {
    for (const bad of ['02/30/2025', '2025-13-01', 'yesterday', '', 42]) expect(parseApiDate(bad)).toBeNull();
  });

  it('extracts LPA strings from bare text and QR URLs, and nothing else', () => {
    expect(extractLpa('LPA:1$SMDP.EXAMPLE$ABC')).toBe('LPA:1$SMDP.EXAMPLE$ABC');
    expect(extractLpa('https://quickchart.io/qr?text=LPA:1$X$Y&format=png')).toBe('LPA:1$X$Y');
    expect(extractLpa('https://quickchart.io/qr?text=LPA%3A1%24X%24Y')).toBe('LPA:1$X$Y');
    expect(extractLpa('https://api.telegent.com/qr-activation-link')).toBeNull();
    expect(extractLpa('https://qrcodeimage.com')).toBeNull();
    expect(extractLpa(null)).toBeNull();
  });
});

describe('API base URL', () => {
  it('accepts https and normalises a trailing slash or /v1.0', () => {
    expect(checkBaseUrl('https://api.telegent.com/')).toEqual({ ok: true, url: 'https://api.telegent.com' });
    expect(checkBaseUrl('https://api.telegent.com/v1.0')).toEqual({ ok: true, url: 'https://api.telegent.com' });
  });

  it('accepts plain http only on loopback (the simulator)', () => {
    expect(checkBaseUrl('http://127.0.0.1:8080').ok).toBe(true);
    expect(checkBaseUrl('http://localhost:8080').ok).toBe(true);
    expect(checkBaseUrl('http://[::1]:8080').ok).toBe(true);
    const plain = checkBaseUrl('http://api.telegent.com');
    expect(plain.ok).toBe(false);
    if (!plain.ok) expect(plain.message).toContain('must use https');
    expect(checkBaseUrl('http://10.0.0.5').ok).toBe(false);
  });

  it('rejects credentials, queries and non-URLs', () => {
    expect(checkBaseUrl('https://user:pw@api.telegent.com').ok).toBe(false);
    expect(checkBaseUrl('https://api.telegent.com?x=1').ok).toBe(false);
    expect(checkBaseUrl('api.telegent.com').ok).toBe(false);
    expect(checkBaseUrl('ftp://api.telegent.com').ok).toBe(false);
  });
});
