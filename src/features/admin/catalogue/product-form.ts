// The product form: a multipart body (text fields decoded with ProductForm, the image
// file as an UploadedFile), checked with every problem named by field.
import { MAX_ID, MAX_OPTION_GROUPS } from '../../../domain/limits.js';
import { ValidationError } from '../../../domain/errors.js';
import { parsePounds, penceToDecimal } from '../../../domain/money.js';
import Type, { type Static } from 'typebox';
import { SLUG_HINT, slugify, slugProblem } from '../../../domain/slug.js';
import { Slug } from '../../../web/schemas.js';
import { Problems } from '../text.js';
import { imageUrlProblem, isUploadedFile, uploadProblem, UPLOAD_PREFIX, type UploadedFile } from './images.js';
import type { AdminProduct } from './queries.js';
import { type Allergen, isAllergen, normaliseAllergens } from '../../../domain/allergens.js';

export const MAX_PRICE_PENCE = 100_000;
const PRICE_HINT = 'Enter a price in pounds, like 3.40.';
const CATEGORY_HINT = 'Choose a category.';
const GROUPS_HINT = 'Choose option groups from the list.';
const ALLERGENS_HINT = 'Choose allergens from the list.';

export type ImageChange = { kind: 'keep' } | { kind: 'remove' } | { kind: 'upload'; file: UploadedFile } | { kind: 'url'; url: string };

export interface ProductInput {
  name: string;
  slug: string;
  description: string;
  pricePence: number;
  categoryId: number;
  groupIds: number[];
  /** The UK allergens the product has whatever is chosen (decision 330). */
  allergens: Allergen[];
  image: ImageChange;
}

export interface ProductValues {
  name: string;
  slug: string;
  description: string;
  price: string;
  categoryId: string;
  groups: string[];
  allergens: string[];
  imageUrl: string;
  removeImage: boolean;
  /** The image the product has now (edit only), shown beside the form. */
  currentImage: string | null;
}

/** The product form's text fields (the image file is a file part: see uploadedFile). */
export const ProductForm = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 120 }),
  slug: Type.Optional(Slug),
  description: Type.Optional(Type.String({ maxLength: 1000 })),
  price: Type.String({ maxLength: 20 }),
  categoryId: Type.Integer({ minimum: 1, maximum: MAX_ID }),
  groups: Type.Array(Type.Integer({ minimum: 1, maximum: MAX_ID }), { maxItems: MAX_OPTION_GROUPS }),
  allergens: Type.Array(Type.String({ maxLength: 40 }), { maxItems: 14 }),
  imageUrl: Type.Optional(Type.String({ maxLength: 500 })),
  removeImage: Type.Boolean({ default: false }),
});
export type ProductFormInput = Static<typeof ProductForm>;
export const productMessages = {
  name: 'Enter a name of up to 120 characters.',
  slug: SLUG_HINT,
  description: 'The description must be 1000 characters or fewer.',
  price: PRICE_HINT,
  categoryId: CATEGORY_HINT,
  groups: GROUPS_HINT,
  allergens: ALLERGENS_HINT,
  imageUrl: 'The image address must be 500 characters or fewer.',
};

/** The uploaded image, if one was chosen (an empty file part means none). */
export function uploadedFile(body: unknown): UploadedFile | null {
  const raw = body && typeof body === 'object' ? (body as Record<string, unknown>)['imageFile'] : undefined;
  return isUploadedFile(raw) && (raw.data.length > 0 || raw.truncated) ? raw : null;
}

export function productToValues(product: AdminProduct): ProductValues {
  const external = product.imageUrl !== null && !product.imageUrl.startsWith(UPLOAD_PREFIX);
  return {
    name: product.name,
    slug: product.slug,
    description: product.description,
    price: penceToDecimal(product.pricePence),
    categoryId: String(product.categoryId),
    groups: product.groupIds.map(String),
    allergens: product.allergens,
    imageUrl: external ? product.imageUrl! : '',
    removeImage: false,
    currentImage: product.imageUrl,
  };
}

function imageChange(values: ProductFormInput, currentImage: string | null, file: UploadedFile | null, problems: Problems): ImageChange {
  const imageUrl = values.imageUrl ?? '';
  if (file) {
    problems.check('imageFile', uploadProblem(file));
    if (imageUrl !== '' && imageUrl !== currentImage) {
      problems.check('imageUrl', 'Upload a file or give an address, not both.');
    }
    return { kind: 'upload', file };
  }
  if (values.removeImage) return { kind: 'remove' };
  if (imageUrl !== '') {
    problems.check('imageUrl', imageUrlProblem(imageUrl));
    return { kind: 'url', url: imageUrl };
  }
  // An uploaded image has no address in the text field: an empty field keeps it.
  return currentImage?.startsWith(UPLOAD_PREFIX) ? { kind: 'keep' } : { kind: 'remove' };
}

/** The rules a schema cannot say: a slug from the name, a price in pounds, known category and groups, one image source. */
export function parseProduct(
  values: ProductFormInput,
  currentImage: string | null,
  file: UploadedFile | null,
  known: { categoryIds: number[]; groupIds: number[] },
): ProductInput {
  const problems = new Problems();
  const slug = values.slug ?? slugify(values.name);
  problems.check('slug', slugProblem(slug));
  const pricePence = parsePounds(values.price);
  if (pricePence === null) problems.check('price', PRICE_HINT);
  else if (pricePence > MAX_PRICE_PENCE) problems.check('price', 'The price must be £1,000.00 or less.');
  if (!known.categoryIds.includes(values.categoryId)) problems.check('categoryId', CATEGORY_HINT);
  const groupIds = [...new Set(values.groups)];
  if (groupIds.some((id) => !known.groupIds.includes(id))) problems.check('groups', GROUPS_HINT);
  if (!values.allergens.every(isAllergen)) problems.check('allergens', ALLERGENS_HINT);
  const image = imageChange(values, currentImage, file, problems);
  if (!problems.ok) throw new ValidationError(problems.fields);
  return {
    name: values.name,
    slug,
    description: values.description ?? '',
    pricePence: pricePence!,
    categoryId: values.categoryId,
    groupIds,
    allergens: normaliseAllergens(values.allergens),
    image,
  };
}
