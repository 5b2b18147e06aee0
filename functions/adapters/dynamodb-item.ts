import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';

/** An item (or key, or expression values) marshalled the way Braid stores every item: attributes left undefined are left out. */
export const toItem = (value: object) => marshall(value, { removeUndefinedValues: true, convertClassInstanceToMap: false });

/** An item read back, as plain values. */
export const fromItem = unmarshall;
