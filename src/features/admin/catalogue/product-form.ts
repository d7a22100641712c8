// The product form: checked input from a multipart body (fields as strings,
// the image file as an UploadedFile), with every problem named by field.
import { ValidationError } from '../../../domain/errors.js';
import { parsePounds, penceToDecimal } from '../../../domain/money.js';
import { formList, formString } from '../../../web/forms.js';
import { slugify, slugProblem } from '../../../domain/slug.js';
import { Problems, textProblem } from '../text.js';
import { imageUrlProblem, isUploadedFile, uploadProblem, UPLOAD_PREFIX, type UploadedFile } from './images.js';
import type { AdminProduct } from './queries.js';

export const MAX_PRICE_PENCE = 100_000;

export type ImageChange =
  | { kind: 'keep' }
  | { kind: 'remove' }
  | { kind: 'upload'; file: UploadedFile }
  | { kind: 'url'; url: string };

export interface ProductInput {
  name: string;
  slug: string;
  description: string;
  pricePence: number;
  categoryId: number;
  groupIds: number[];
  image: ImageChange;
}

export interface ProductValues {
  name: string;
  slug: string;
  description: string;
  price: string;
  categoryId: string;
  groups: string[];
  imageUrl: string;
  removeImage: boolean;
  /** The image the product has now (edit only), shown beside the form. */
  currentImage: string | null;
}

export function productValues(body: unknown, currentImage: string | null = null): { values: ProductValues; file: UploadedFile | null } {
  const raw = body && typeof body === 'object' ? (body as Record<string, unknown>)['imageFile'] : undefined;
  const file = isUploadedFile(raw) && (raw.data.length > 0 || raw.truncated) ? raw : null;
  return {
    values: {
      name: formString(body, 'name').trim(),
      slug: formString(body, 'slug').trim(),
      description: formString(body, 'description').trim(),
      price: formString(body, 'price').trim(),
      categoryId: formString(body, 'categoryId'),
      groups: formList(body, 'groups'),
      imageUrl: formString(body, 'imageUrl').trim(),
      removeImage: formString(body, 'removeImage') !== '',
      currentImage,
    },
    file,
  };
}

export function productToValues(product: AdminProduct): ProductValues {
  const external = product.imageUrl !== null && !product.imageUrl.startsWith(UPLOAD_PREFIX);
  return {
    name: product.name, slug: product.slug, description: product.description, price: penceToDecimal(product.pricePence),
    categoryId: String(product.categoryId), groups: product.groupIds.map(String),
    imageUrl: external ? product.imageUrl! : '', removeImage: false, currentImage: product.imageUrl,
  };
}

function imageChange(values: ProductValues, file: UploadedFile | null, problems: Problems): ImageChange {
  if (file) {
    problems.check('imageFile', uploadProblem(file));
    if (values.imageUrl !== '' && values.imageUrl !== values.currentImage) {
      problems.check('imageUrl', 'Upload a file or give an address, not both.');
    }
    return { kind: 'upload', file };
  }
  if (values.removeImage) return { kind: 'remove' };
  if (values.imageUrl !== '') {
    problems.check('imageUrl', imageUrlProblem(values.imageUrl));
    return { kind: 'url', url: values.imageUrl };
  }
  // An uploaded image has no address in the text field: an empty field keeps it.
  return values.currentImage?.startsWith(UPLOAD_PREFIX) ? { kind: 'keep' } : { kind: 'remove' };
}

export function parseProduct(
  values: ProductValues, file: UploadedFile | null, known: { categoryIds: number[]; groupIds: number[] },
): ProductInput {
  const problems = new Problems();
  const slug = values.slug || slugify(values.name);
  problems.check('name', textProblem(values.name, 'a name'));
  problems.check('slug', slugProblem(slug));
  problems.check('description', textProblem(values.description, 'a description', { min: 0, max: 1000 }));
  const pricePence = parsePounds(values.price);
  if (pricePence === null) problems.check('price', 'Enter a price in pounds, like 3.40.');
  else if (pricePence > MAX_PRICE_PENCE) problems.check('price', 'The price must be £1,000.00 or less.');
  const categoryId = Number(values.categoryId);
  if (!known.categoryIds.includes(categoryId)) problems.check('categoryId', 'Choose a category.');
  const groupIds = [...new Set(values.groups.map(Number))];
  if (groupIds.some((id) => !known.groupIds.includes(id))) problems.check('groups', 'Choose option groups from the list.');
  const image = imageChange(values, file, problems);
  if (!problems.ok) throw new ValidationError(problems.fields);
  return { name: values.name, slug, description: values.description, pricePence: pricePence!, categoryId, groupIds, image };
}
